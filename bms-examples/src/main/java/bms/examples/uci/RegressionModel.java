package bms.examples.uci;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;

/**
 * One of the regression models of {@link ModelSpec} behind a common face, so the uci and select
 * commands train and evaluate them alike. All values are in standardised units. With a
 * classification likelihood ({@link LikelihoodChoice}) the targets are class numbers and
 * {@link #predict} gives the class probabilities as its mean (n x C; for Bernoulli n x 1, the
 * probability of class 1).
 */
public interface RegressionModel {
  ModelSpec spec();

  /** The model's parameters. */
  Module module();

  /** What training maximises. */
  Objective objective();

  /**
   * The optimised objective on all the training data: the ELBO for svgp, sgpr and deep GPs (a
   * Monte Carlo estimate for deep GPs, with S = trainSamples per point), the exact log marginal
   * likelihood for gpr.
   */
  double bound(RandomStream rng);

  /** Predictive mean and variance of y at {@code x}, each n x 1. */
  Prediction predict(Matrix x, RandomStream rng);

  /** log p(y_n | x_n, training data) for each test point, n x 1. */
  Matrix logDensity(Matrix x, Matrix y, RandomStream rng);

  /** The likelihood's noise variance (NaN for classification). */
  double noiseVariance();

  /** Predictive moments of y. */
  record Prediction(Matrix mean, Matrix variance) {}
}
