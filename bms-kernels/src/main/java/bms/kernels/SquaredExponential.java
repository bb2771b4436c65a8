package bms.kernels;

import bms.core.matrix.Matrix;

/** The squared exponential (RBF) kernel: variance * exp(-r^2 / 2). */
public final class SquaredExponential extends RadialStationary {
  private static final RadialFunction PROFILE = new RadialFunction(
    r2 -> Math.exp(-0.5 * r2), (r2, f) -> -0.5 * f);

  public SquaredExponential(double variance, Matrix lengthscales, int[] activeDims) {
    super("squaredExponential", PROFILE, variance, lengthscales, activeDims);
  }

  public SquaredExponential(double variance, Matrix lengthscales) {
    this(variance, lengthscales, null);
  }

  /** Shared lengthscale. */
  public SquaredExponential(double variance, double lengthscale) {
    this(variance, Matrix.scalar(lengthscale), null);
  }
}
