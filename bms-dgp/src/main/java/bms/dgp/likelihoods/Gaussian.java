package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.param.PositiveBijector;
import bms.dgp.random.RandomStream;

/**
 * y = f + e, e ~ N(0, s2), with every expectation in closed form (docs/BACKGROUND.md section 2):
 * <pre>
 *   E_q[log N(y | f, s2)] = -1/2 log(2 pi s2) - ((y - mu)^2 + var) / (2 s2)
 *   p(y) = N(y | mu, var + s2)
 * </pre>
 * The noise variance is positive with a lower bound of 1e-6 (docs/BACKGROUND.md section 8) unless
 * another is given or set by a {@link bms.core.param.PositiveFloor} scope.
 */
public final class Gaussian extends ScalarLikelihood {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Parameter variance;

  /** The noise variance floor is {@link bms.core.param.PositiveFloor#current()} (1e-6 by default). */
  public Gaussian(double variance) {
    this(variance, bms.core.param.PositiveFloor.current());
  }

  public Gaussian(double variance, double lowerBound) {
    this.variance = addParameterFrom("variance",
        () -> new Parameter(Matrix.scalar(variance), new PositiveBijector(lowerBound)));
  }

  public Parameter variance() {
    return variance;
  }

  @Override
  protected Var logDensity(Var f, Matrix y) {
    Var s2 = variance.var();
    return Var.constant(y).sub(f).square().div(s2).mulScalar(-0.5).sub(s2.log().mulScalar(0.5))
        .addScalar(-0.5 * LOG_2PI);
  }

  @Override
  protected Var conditionalMean(Var f) {
    return f;
  }

  @Override
  protected Var conditionalVariance(Var f) {
    return Var.constant(Matrix.zeros(f.rows(), f.cols())).add(variance.var());
  }

  @Override
  public Var variationalExpectations(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    Var s2 = variance.var();
    int p = y.cols();
    Var sq = Var.constant(y).sub(mean).square().add(var);
    Var perPoint = (p == 1 ? sq : sq.rowSums()).div(s2).mulScalar(-0.5);
    return perPoint.sub(s2.log().mulScalar(0.5 * p)).addScalar(-0.5 * p * LOG_2PI);
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    return new Moments(mean, var.add(variance.var()));
  }

  @Override
  public Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    Var total = var.add(variance.var());
    Var terms = Var.constant(y).sub(mean).square().div(total).add(total.log()).addScalar(LOG_2PI).mulScalar(-0.5);
    return y.cols() == 1 ? terms : terms.rowSums();
  }
}
