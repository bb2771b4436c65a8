package bms.kernels;

import bms.core.matrix.Matrix;

/**
 * The Matern 5/2 kernel: variance * (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r).
 *
 * <p>As a function of r^2 its derivative is finite everywhere:
 * dk/d(r^2) = -(5/6) variance (1 + sqrt5 r) exp(-sqrt5 r).
 */
public final class Matern52 extends RadialStationary {
  private static final double SQRT5 = Math.sqrt(5.0);
  private static final RadialFunction PROFILE = new RadialFunction(
    r2 -> {
      double s = SQRT5 * Math.sqrt(r2);
      return (1 + s + 5.0 / 3.0 * r2) * Math.exp(-s);
    },
    // -(5/6) (1 + s) exp(-s) = -(5/6) (1 + s) f / (1 + s + s^2 / 3), with s^2 = 5 r^2
    (r2, f) -> {
      double s = SQRT5 * Math.sqrt(r2);
      return -5.0 / 6.0 * (1 + s) * f / (1 + s + 5.0 / 3.0 * r2);
    });

  public Matern52(double variance, Matrix lengthscales, int[] activeDims) {
    super("matern52", PROFILE, variance, lengthscales, activeDims);
  }

  public Matern52(double variance, Matrix lengthscales) {
    this(variance, lengthscales, null);
  }

  public Matern52(double variance, double lengthscale) {
    this(variance, Matrix.scalar(lengthscale), null);
  }
}
