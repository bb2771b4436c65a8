package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.random.RandomStream;

/**
 * Binary targets y in {0, 1} with the probit link, p(y = 1 | f) = Phi(f). The variational
 * expectation uses Gauss-Hermite quadrature; the predictive distribution is closed form:
 * p(y = 1) = int Phi(f) N(f | mu, var) df = Phi(mu / sqrt(1 + var)).
 */
public final class Bernoulli extends ScalarLikelihood {

  public Bernoulli() {
    super();
  }

  public Bernoulli(int quadraturePoints) {
    super(quadraturePoints);
  }

  @Override
  protected void checkTargetValues(Matrix y, String name) {
    DataChecks.requireBinary(y, name);
  }

  /** 2y - 1, the sign that turns log p(y | f) into log Phi(sign * f). */
  private static Matrix signs(Matrix y) {
    Matrix s = new Matrix(y.rows(), y.cols());
    for (int i = 0; i < s.size(); i++) s.data()[i] = 2 * y.data()[i] - 1;
    return s;
  }

  @Override
  protected Var logDensity(Var f, Matrix y) {
    return NormalCdf.logCdf(f.mul(Var.constant(signs(y))));
  }

  @Override
  protected Var conditionalMean(Var f) {
    return NormalCdf.logCdf(f).exp();
  }

  @Override
  protected Var conditionalVariance(Var f) {
    Var p = conditionalMean(f);
    return p.sub(p.square());
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    Var p = NormalCdf.logCdf(mean.div(var.addScalar(1.0).sqrt())).exp();
    return new Moments(p, p.sub(p.square()));
  }

  @Override
  public Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    Var z = mean.div(var.addScalar(1.0).sqrt()).mul(Var.constant(signs(y)));
    Var lp = NormalCdf.logCdf(z);
    return y.cols() == 1 ? lp : lp.rowSums();
  }
}
