package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * The rational quadratic kernel, a scale mixture of squared exponentials:
 * variance * (1 + r^2 / (2 alpha))^(-alpha). As alpha grows it tends to the squared exponential.
 */
public final class RationalQuadratic extends Stationary {
  private final Parameter alpha;

  public RationalQuadratic(double variance, Matrix lengthscales, double alpha, int[] activeDims) {
    super(variance, lengthscales, activeDims);
    this.alpha = addParameterFrom("alpha", () -> Parameter.positive(alpha));
  }

  public RationalQuadratic(double variance, Matrix lengthscales, double alpha) {
    this(variance, lengthscales, alpha, null);
  }

  public RationalQuadratic(double variance, double lengthscale, double alpha) {
    this(variance, Matrix.scalar(lengthscale), alpha, null);
  }

  public Parameter alpha() {
    return alpha;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    Var a = alpha.var();
    // exp(-alpha log1p(r^2 / (2 alpha))): log1p stays accurate for small r^2.
    Var logBase = scaledSquaredDistance(x, x2).div(a.mulScalar(2.0)).log1p();
    return logBase.mul(a.neg()).exp().mul(variance.var());
  }
}
