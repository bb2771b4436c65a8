package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.random.RandomStream;

/**
 * p(y | f) for the observations of a GP model, given the Gaussian marginals q(f_n) = N(mean,
 * var) of its K latent functions (mean and var N x K). A likelihood supplies the three
 * quantities a variational GP needs: the variational expectations E_q[log p(y_n | f_n)] for the
 * ELBO, the predictive moments of y, and the predictive log density log int p(y_n | f) q(f) df.
 *
 * <p>All three return one row per data point. Likelihoods that sample (Softmax) draw from the
 * {@link RandomStream} passed in; the others ignore it, and it may then be null.
 */
public abstract class Likelihood extends Module {

  /** How many latent GPs the model needs for targets with {@code targetColumns} columns. */
  public abstract int latentCount(int targetColumns);

  /**
   * Throws an IllegalArgumentException naming {@code name}, the shape or the first bad value if
   * {@code y} cannot be targets of this likelihood (non-finite values, labels out of range, ...).
   */
  public abstract void checkTargets(Matrix y, String name);

  /** E_{q(f_n)}[log p(y_n | f_n)] for each point, N x 1 (summed over output columns). */
  public abstract Var variationalExpectations(Var mean, Var var, Matrix y, RandomStream rng);

  /** Mean and variance of y under int p(y | f) q(f) df. */
  public abstract Moments predictMeanAndVar(Var mean, Var var, RandomStream rng);

  /** log int p(y_n | f) q(f_n) df for each point, N x 1 (summed over output columns). */
  public abstract Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng);

  /** Shape checks shared by the three methods. */
  protected final void checkMarginals(Var mean, Var var, Matrix y) {
    if (mean.rows() != var.rows() || mean.cols() != var.cols()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": latent mean " + mean.value().shapeString()
          + " and variance " + var.value().shapeString() + " must have the same shape");
    }
    if (y != null) {
      if (y.rows() != mean.rows()) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": Y has " + y.rows()
            + " rows but the latent marginals have " + mean.rows());
      }
      if (latentCount(y.cols()) != mean.cols()) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": Y with " + y.cols() + " column(s) needs "
            + latentCount(y.cols()) + " latent GPs, got " + mean.cols());
      }
    }
  }
}
