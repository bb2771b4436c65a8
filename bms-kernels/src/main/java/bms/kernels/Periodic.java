package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * The periodic kernel (MacKay 1998), with ARD lengthscales and periods:
 * variance * exp(-2 sum_d sin^2(pi (x_d - x'_d) / p_d) / l_d^2).
 *
 * <p>Computed through matrix products: with u_d = 2 pi x_d / p_d,
 * sin^2(pi (x_d - x'_d) / p_d) = (1 - cos u_d cos u'_d - sin u_d sin u'_d) / 2, so
 * the exponent is -(sum_d 1/l_d^2 - C C'^T - S S'^T) with C = cos(U) / l and S = sin(U) / l.
 */
public final class Periodic extends Stationary {
  private final Parameter period;

  /**
   * @param lengthscales 1 x D or 1 x 1 (positive)
   * @param period 1 x D or 1 x 1 (positive)
   */
  public Periodic(double variance, Matrix lengthscales, Matrix period, int[] activeDims) {
    super(variance, lengthscales, activeDims);
    if (period.rows() != 1) {
      throw new IllegalArgumentException("period must be a 1 x D row, got " + period.shapeString());
    }
    this.period = addParameterFrom("period", () -> Parameter.positive(period));
  }

  public Periodic(double variance, Matrix lengthscales, Matrix period) {
    this(variance, lengthscales, period, null);
  }

  public Periodic(double variance, double lengthscale, double period) {
    this(variance, Matrix.scalar(lengthscale), Matrix.scalar(period), null);
  }

  public Parameter period() {
    return period;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    Var l = lengthscales.var();
    Var p = period.var();
    if (p.cols() != 1 && p.cols() != x.cols()) {
      throw new IllegalArgumentException("Periodic has " + p.cols() + " periods but the input has " + x.cols()
          + " (active) columns");
    }
    Var[] a = features(x, p, l);
    Var[] b = x2 == x ? a : features(x2, p, l);
    Var inner = a[0].matmult(b[0]).add(a[1].matmult(b[1]));
    // sum_d 1 / l_d^2 over the active columns (a shared lengthscale counts D times).
    Var total = Var.constant(Matrix.ones(1, x.cols())).div(l.square()).sum();
    return inner.sub(total).exp().mul(variance.var());
  }

  /** {cos(U) / l, sin(U) / l} with U = 2 pi X / p. */
  private Var[] features(Var x, Var p, Var l) {
    Var u = x.div(p).mulScalar(2 * Math.PI);
    if (l.cols() != 1 && l.cols() != x.cols()) {
      throw new IllegalArgumentException("Periodic has " + l.cols() + " lengthscales but the input has "
          + x.cols() + " (active) columns");
    }
    return new Var[] {u.cos().div(l), u.sin().div(l)};
  }
}
