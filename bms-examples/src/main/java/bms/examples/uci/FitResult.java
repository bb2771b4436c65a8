package bms.examples.uci;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training run of a regression model gave.
 *
 * @param model the model's name, e.g. "dgp2"
 * @param status how training ended (COMPLETED, CONVERGED, STOPPED, NON_FINITE)
 * @param message the trainer's summary (names the first bad parameter if training diverged)
 * @param steps optimiser steps done in total, including those before a resume
 * @param resumedFromStep the checkpoint step this run continued from (0 for a fresh run)
 * @param trainSeconds wall time of the training done in this process
 * @param evalSeconds wall time of the bound and the test predictions
 * @param bound the final bound on all training data, standardised targets (what training maximised)
 * @param boundPerPoint bound / N
 * @param boundOriginalUnits the bound on log p(y) in original units: bound - N sum_j log s_y,j
 * @param testRmse RMSE of the predictive mean on the test points, original units
 * @param testLogLik mean log predictive density of the test targets, original units
 * @param testLogLikStandardised the same for the standardised targets
 * @param noiseVariance the learned likelihood variance, original units
 * @param trace the objective against the step
 */
public record FitResult(String model, String status, String message, long steps, long resumedFromStep,
    double trainSeconds, double evalSeconds, double bound, double boundPerPoint, double boundOriginalUnits,
    double testRmse, double testLogLik, double testLogLikStandardised, double noiseVariance, BoundTrace trace) {

  /** The numbers for summary.json (the trace is written separately). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("status", status);
    m.put("message", message);
    m.put("steps", steps);
    m.put("resumedFromStep", resumedFromStep);
    m.put("trainSeconds", trainSeconds);
    m.put("evalSeconds", evalSeconds);
    m.put("bound", bound);
    m.put("boundPerPoint", boundPerPoint);
    m.put("boundOriginalUnits", boundOriginalUnits);
    m.put("testRmse", testRmse);
    m.put("testLogLik", testLogLik);
    m.put("testLogLikStandardised", testLogLikStandardised);
    m.put("noiseVariance", noiseVariance);
    return m;
  }
}
