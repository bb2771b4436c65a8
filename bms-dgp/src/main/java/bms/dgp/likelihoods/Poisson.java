package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.random.RandomStream;
import org.apache.commons.math3.special.Gamma;

/**
 * Counts with the exponential link: log p(y | f) = y f - exp(f) - log y!. The variational
 * expectation uses Gauss-Hermite quadrature (its closed form y mu - exp(mu + var/2) - log y!
 * is kept in {@link #exactVariationalExpectations} as a reference); the predictive moments are
 * closed form: E[y] = exp(mu + var/2), Var[y] = E[y] + (exp(var) - 1) exp(2 mu + var).
 */
public final class Poisson extends ScalarLikelihood {

  public Poisson() {
    super();
  }

  public Poisson(int quadraturePoints) {
    super(quadraturePoints);
  }

  @Override
  protected void checkTargetValues(Matrix y, String name) {
    DataChecks.requireCounts(y, name);
  }

  private static Matrix logFactorial(Matrix y) {
    Matrix out = new Matrix(y.rows(), y.cols());
    for (int i = 0; i < out.size(); i++) out.data()[i] = Gamma.logGamma(y.data()[i] + 1);
    return out;
  }

  @Override
  protected Var logDensity(Var f, Matrix y) {
    return f.mul(Var.constant(y)).sub(f.exp()).sub(Var.constant(logFactorial(y)));
  }

  @Override
  protected Var conditionalMean(Var f) {
    return f.exp();
  }

  @Override
  protected Var conditionalVariance(Var f) {
    return f.exp();
  }

  /** The closed form of the variational expectation, N x 1. */
  public Var exactVariationalExpectations(Var mean, Var var, Matrix y) {
    checkMarginals(mean, var, y);
    Var t = mean.mul(Var.constant(y)).sub(mean.add(var.mulScalar(0.5)).exp()).sub(Var.constant(logFactorial(y)));
    return y.cols() == 1 ? t : t.rowSums();
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    Var m = mean.add(var.mulScalar(0.5)).exp();
    Var v = m.add(var.exp().addScalar(-1.0).mul(m.square()));
    return new Moments(m, v);
  }
}
