package bms.dgp.selection;

import bms.dgp.evidence.TrainingSpeed;

/**
 * Training speed (Lyle et al. 2020). For a fit that has the exact estimator
 * ({@link Fit#trainingSpeedEstimatePerPoint}: a Bayesian linear model, the ensemble trained point
 * by point) that estimate; its time counts when the fit computes it lazily. For models trained by
 * stochastic optimisation: minus the sum of the training losses over the run (SOTL), divided by
 * the steps, that is the mean per-point objective estimate along the trajectory; with the same
 * steps for every candidate this ranks as SOTL does, and costs nothing beyond the main fit.
 * Candidates with neither are not scored.
 */
public final class TrainingSpeedCriterion implements Criterion {
  public static final String ID = "speed";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "training speed: Lyle et al.'s estimator where the model has it, else -(sum of training losses) / steps, per point";
  }

  @Override
  public boolean usesMainFit() {
    return true;
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) {
    if (mainFit == null) return Score.missing("the fit failed");
    long t0 = System.nanoTime(); // a fit may compute its estimator only now
    var estimator = mainFit.trainingSpeedEstimatePerPoint();
    if (estimator.isPresent()) {
      return Score.of(estimator.getAsDouble(), (System.nanoTime() - t0) * 1e-9);
    }
    double[] trace = mainFit.objectiveTrace();
    if (trace.length == 0) return Score.notApplicable(candidate.name() + " has no training trajectory");
    for (double v : trace) {
      if (!Double.isFinite(v)) return Score.missing(candidate.name() + "'s trajectory has a non-finite objective");
    }
    return Score.of(-TrainingSpeed.sumOfTrainingLosses(trace) / trace.length, 0);
  }
}
