package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * White noise: K(X, X) = variance I for the symmetric call {@code K(X)} (or {@code K(X, X)} with
 * the same node twice), and zero cross-covariance otherwise, even between equal points: the
 * noise of two different evaluations is independent. Added to a kernel it acts as learned
 * jitter (as in the doubly stochastic DGP, where inner layers add White(2e-6)).
 */
public final class White extends Kernel {
  private final Parameter variance;

  public White(double variance, int[] activeDims) {
    super(activeDims);
    this.variance = addParameterFrom("variance", () -> Parameter.positive(variance));
  }

  public White(double variance) {
    this(variance, null);
  }

  /**
   * White noise whose variance stays above {@code lowerBound} instead of the default floor of
   * 1e-6 (so {@code new White(1e-6, 0.0)} is allowed; GPflow's positive parameters have floor 0).
   */
  public White(double variance, double lowerBound) {
    super(null);
    this.variance = addParameterFrom("variance", () -> Parameter.positive(Matrix.scalar(variance), lowerBound));
  }

  public Parameter variance() {
    return variance;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    if (x2 != x) {
      return Var.constant(new Matrix(x.rows(), x2.rows()));
    }
    return Var.constant(Matrix.identity(x.rows())).mul(variance.var());
  }

  @Override
  protected Var computeKdiag(Var x) {
    return Var.constant(Matrix.ones(x.rows(), 1)).mul(variance.var());
  }
}
