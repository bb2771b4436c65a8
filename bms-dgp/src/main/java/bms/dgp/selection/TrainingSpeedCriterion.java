package bms.dgp.selection;

import bms.dgp.evidence.TrainingSpeed;

/**
 * Training speed (Lyle et al. 2020) for models trained by stochastic optimisation: minus the sum
 * of the training losses over the run (SOTL), divided by the steps, that is the mean per-point
 * objective estimate along the trajectory. With the same steps for every candidate this ranks as
 * SOTL does; it costs nothing beyond the main fit. Candidates without a trajectory are not scored.
 */
public final class TrainingSpeedCriterion implements Criterion {
  public static final String ID = "speed";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "training speed: -(sum of training losses) / steps, per point";
  }

  @Override
  public boolean usesMainFit() {
    return true;
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) {
    if (mainFit == null) return Score.missing("the fit failed");
    double[] trace = mainFit.objectiveTrace();
    if (trace.length == 0) return Score.missing(candidate.name() + " has no training trajectory");
    for (double v : trace) {
      if (!Double.isFinite(v)) return Score.missing(candidate.name() + "'s trajectory has a non-finite objective");
    }
    return Score.of(-TrainingSpeed.sumOfTrainingLosses(trace) / trace.length, 0);
  }
}
