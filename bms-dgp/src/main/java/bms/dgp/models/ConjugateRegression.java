package bms.dgp.models;

import bms.core.matrix.Matrix;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Moments;

/**
 * A regression model whose Gaussian likelihood is integrated out in closed form (GPR, SGPR):
 * what callers that only predict and score need, whichever of the two they hold.
 */
public interface ConjugateRegression {
  /** The Gaussian likelihood, whose variance is the learned noise. */
  Gaussian likelihood();

  /** Predictive mean and variance of y at {@code xNew}. */
  Moments predictY(Matrix xNew);

  /** log N(y_n | mean_n, var_n + s2) for each test point, summed over output columns: N x 1. */
  Matrix predictLogDensity(Matrix xNew, Matrix yNew);
}
