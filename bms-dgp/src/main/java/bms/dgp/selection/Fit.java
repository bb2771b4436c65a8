package bms.dgp.selection;

import bms.core.param.Module;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What training one candidate on a training set, and scoring it on a test set, gave: the numbers
 * the criteria read. Scores are per point so candidates trained on the same data compare
 * directly; NaN where a number does not exist.
 */
public interface Fit {
  /** The optimised objective (bound, or log marginal likelihood) on all training points, divided by N. */
  double boundPerPoint();

  /** Mean log predictive density of the test points. */
  double testLogLik();

  /** The training objective at every optimiser step, per point (minibatch estimates); empty when there is none. */
  double[] objectiveTrace();

  /** The exact log marginal likelihood per point, for models that have one (GPR). */
  default OptionalDouble exactLogMarginalPerPoint() {
    return OptionalDouble.empty();
  }

  /**
   * Lyle et al.'s training-speed estimate of the log evidence per point, for models that have the
   * exact estimator (a Bayesian linear model trained by sample-then-optimise); others use the sum
   * of training losses of their {@link #objectiveTrace}.
   */
  default OptionalDouble trainingSpeedEstimatePerPoint() {
    return OptionalDouble.empty();
  }

  /** The trained model, for criteria that compute from it (the prequential evidence of GPR or SGPR). */
  default Optional<Module> model() {
    return Optional.empty();
  }
}
