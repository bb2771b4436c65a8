package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * The cosine kernel: variance * cos(2 pi sum_d (x_d - x'_d) / l_d), as in GPflow. With
 * a(x) = 2 pi sum_d x_d / l_d it is variance (cos a cos a' + sin a sin a'), a rank-two product,
 * which is how it is computed.
 */
public final class Cosine extends Stationary {

  public Cosine(double variance, Matrix lengthscales, int[] activeDims) {
    super(variance, lengthscales, activeDims);
  }

  public Cosine(double variance, Matrix lengthscales) {
    this(variance, lengthscales, null);
  }

  public Cosine(double variance, double lengthscale) {
    this(variance, Matrix.scalar(lengthscale), null);
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    Var a = phase(x);
    Var b = x2 == x ? a : phase(x2);
    Var k = a.cos().matmult(b.cos()).add(a.sin().matmult(b.sin()));
    return k.mul(variance.var());
  }

  /** a(x) = 2 pi sum_d x_d / l_d, one per row. */
  private Var phase(Var x) {
    return scale(x).rowSums().mulScalar(2 * Math.PI);
  }
}
