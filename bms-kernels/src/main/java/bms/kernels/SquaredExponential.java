package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** The squared exponential (RBF) kernel: variance * exp(-r^2 / 2). */
public final class SquaredExponential extends Stationary {

  public SquaredExponential(double variance, Matrix lengthscales, int[] activeDims) {
    super(variance, lengthscales, activeDims);
  }

  public SquaredExponential(double variance, Matrix lengthscales) {
    this(variance, lengthscales, null);
  }

  /** Shared lengthscale. */
  public SquaredExponential(double variance, double lengthscale) {
    this(variance, Matrix.scalar(lengthscale), null);
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    return scaledSquaredDistance(x, x2).mulScalar(-0.5).exp().mul(variance.var());
  }
}
