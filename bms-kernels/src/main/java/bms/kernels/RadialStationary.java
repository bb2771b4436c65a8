package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * Stationary kernels written as variance * f(r^2) for a {@link RadialFunction} f: the squared
 * exponential and the Matern family. K is one pass over the squared scaled distances each way
 * ({@link RadialProfile}); the profile is public so that fused computations (the convolutional
 * kernel's Kuf and diagonal) can evaluate it in their own loops.
 */
public abstract class RadialStationary extends Stationary {
  private final String name;
  private final RadialFunction profile;

  protected RadialStationary(String name, RadialFunction profile, double variance, Matrix lengthscales,
      int[] activeDims) {
    super(variance, lengthscales, activeDims);
    this.name = name;
    this.profile = profile;
  }

  /** f and df/d(r^2) of k = variance * f(r^2). */
  public final RadialFunction radialFunction() {
    return profile;
  }

  @Override
  protected final Var computeK(Var x, Var x2) {
    return RadialProfile.apply(name, scaledSquaredDistance(x, x2), variance.var(), profile);
  }
}
