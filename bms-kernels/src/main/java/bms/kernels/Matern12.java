package bms.kernels;

import bms.core.matrix.Matrix;

/**
 * The Matern 1/2 (exponential, Ornstein-Uhlenbeck) kernel: variance * exp(-r).
 *
 * <p>k is not differentiable in x at r = 0 (it has a kink there); its derivative with respect to
 * r^2 is taken as 0 where r^2 is exactly 0, so that gradients at coincident points are finite
 * (a subgradient) rather than NaN. Away from r = 0, dk/d(r^2) = -exp(-r) / (2 r).
 */
public final class Matern12 extends RadialStationary {
  private static final RadialFunction PROFILE = new RadialFunction(
    r2 -> Math.exp(-Math.sqrt(r2)),
    (r2, f) -> r2 > 0 ? -f / (2 * Math.sqrt(r2)) : 0.0);

  public Matern12(double variance, Matrix lengthscales, int[] activeDims) {
    super("matern12", PROFILE, variance, lengthscales, activeDims);
  }

  public Matern12(double variance, Matrix lengthscales) {
    this(variance, lengthscales, null);
  }

  public Matern12(double variance, double lengthscale) {
    this(variance, Matrix.scalar(lengthscale), null);
  }
}
