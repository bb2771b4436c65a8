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

  private static final RadialFunction PROFILE = new RadialFunction(
        r2 -> Math.exp(-0.5 * r2), (r2, f) -> -0.5 * f);

  @Override
  protected Var computeK(Var x, Var x2) {
    return RadialProfile.apply("squaredExponential", scaledSquaredDistance(x, x2), variance.var(), PROFILE);
  }

  @Override
  public RadialFunction radialFunction() {
    return PROFILE;
  }
}
