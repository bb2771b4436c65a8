package bms.examples.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trained and evaluated model of a study, as it goes into summary.json.
 *
 * @param boundPerPoint the ELBO per training point after training, on all training points
 *     (no minibatch noise; the orbit's or the deep GP's Monte Carlo noise remains)
 * @param testError the fraction of test digits whose most probable class is wrong
 * @param testMeanLogDensity the mean of log p(y_n | x_n, data) over the test digits
 * @param trainSeconds Adam time, summed over resumed sessions
 * @param initialRanges and finalRanges the learned ranges (empty for models without an orbit)
 */
public record ModelResult(StudyModel model, ModelTraining.Outcome outcome, double boundPerPoint, double testError,
    double testMeanLogDensity, double trainSeconds, double evaluationSeconds, Map<String, Double> initialRanges,
    Map<String, Double> finalRanges) {

  public String name() {
    return model.name();
  }

  /** The minibatch estimate of the bound per point at every Adam step. */
  public double[] boundTrace() {
    return outcome.trace().bound();
  }

  /** How training ended: "completed", or why it stopped early. */
  public String status() {
    return outcome.status();
  }

  /** The JSON object of this model in summary.json. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("description", model.description());
    m.put("finalBoundPerPoint", boundPerPoint);
    m.put("testError", testError);
    m.put("testMeanLogPredictiveDensity", testMeanLogDensity);
    m.put("trainingSeconds", trainSeconds);
    m.put("evaluationSeconds", evaluationSeconds);
    m.put("steps", outcome.steps());
    m.put("resumedFromStep", outcome.resumedFrom());
    m.put("status", outcome.status());
    m.put("message", outcome.message());
    double[] b = outcome.trace().bound();
    m.put("lastMinibatchBoundPerPoint", tailMean(b));
    if (!finalRanges.isEmpty()) {
      m.put("initialRanges", initialRanges);
      m.put("learnedRanges", finalRanges);
    }
    m.put("trainableParameters", bms.core.optim.ParameterVector.trainable(model.module()).size());
    return m;
  }

  /** The mean of the last tenth (at least one) of the minibatch bound estimates; NaN when none. */
  static double tailMean(double[] b) {
    if (b.length == 0) return Double.NaN;
    int k = Math.max(1, b.length / 10);
    double s = 0;
    for (int i = b.length - k; i < b.length; i++) s += b[i];
    return s / k;
  }
}
