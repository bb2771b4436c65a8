package bms.kernels;

import bms.core.matrix.Matrix;

/**
 * The Matern 3/2 kernel: variance * (1 + sqrt3 r) exp(-sqrt3 r).
 *
 * <p>As a function of r^2 its derivative is finite everywhere:
 * dk/d(r^2) = -(3/2) variance exp(-sqrt3 r), so gradients at coincident points are well defined.
 */
public final class Matern32 extends RadialStationary {
  private static final double SQRT3 = Math.sqrt(3.0);
  private static final RadialFunction PROFILE = new RadialFunction(
    r2 -> {
      double s = SQRT3 * Math.sqrt(r2);
      return (1 + s) * Math.exp(-s);
    },
    // -(3/2) exp(-s) = -(3/2) f / (1 + s)
    (r2, f) -> -1.5 * f / (1 + SQRT3 * Math.sqrt(r2)));

  public Matern32(double variance, Matrix lengthscales, int[] activeDims) {
    super("matern32", PROFILE, variance, lengthscales, activeDims);
  }

  public Matern32(double variance, Matrix lengthscales) {
    this(variance, lengthscales, null);
  }

  public Matern32(double variance, double lengthscale) {
    this(variance, Matrix.scalar(lengthscale), null);
  }
}
