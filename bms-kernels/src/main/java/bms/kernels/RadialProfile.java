package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import java.util.function.DoubleUnaryOperator;

/**
 * variance * f(r^2), element-wise over a matrix of squared scaled distances, with the derivative
 * df/d(r^2) given in closed form. Writing Matern kernels this way, rather than as sqrt followed
 * by polynomials and exponentials, keeps their gradients finite at r = 0: the chain rule through
 * sqrt would multiply a finite dk/dr by an infinite dr/d(r^2). It is also one pass over the
 * N x M matrix each way instead of one per elementary operation.
 */
final class RadialProfile {
  private RadialProfile() {}

  /** df/d(r^2), given r^2 and the unit-variance value f(r^2) already computed (saves an exp). */
  @FunctionalInterface
  interface Derivative {
    double apply(double r2, double value);
  }

  /**
   * @param r2 squared scaled distances, N x M
   * @param variance 1 x 1
   */
  static Var apply(String name, Var r2, Var variance, DoubleUnaryOperator value, Derivative derivative) {
    if (!variance.value().isScalar()) {
      throw new IllegalArgumentException(name + ": variance must be 1x1, got " + variance.value().shapeString());
    }
    double v = variance.scalar();
    double[] x = r2.value().data();
    Matrix unit = new Matrix(r2.rows(), r2.cols());
    double[] u = unit.data();
    for (int i = 0; i < u.length; i++) u[i] = value.applyAsDouble(x[i]);
    Matrix out = new Matrix(r2.rows(), r2.cols());
    double[] y = out.data();
    for (int i = 0; i < y.length; i++) y[i] = v * u[i];
    return Var.op(name, out, (g, sink) -> {
      double[] gg = g.data();
      if (sink.wants(r2)) {
        Matrix gx = new Matrix(r2.rows(), r2.cols());
        double[] gd = gx.data();
        for (int i = 0; i < gd.length; i++) {
          if (gg[i] != 0.0) gd[i] = gg[i] * v * derivative.apply(x[i], u[i]);
        }
        sink.accumulate(r2, gx);
      }
      if (sink.wants(variance)) {
        double s = 0;
        for (int i = 0; i < gg.length; i++) s += gg[i] * u[i];
        sink.accumulate(variance, Matrix.scalar(s));
      }
    }, r2, variance);
  }
}
