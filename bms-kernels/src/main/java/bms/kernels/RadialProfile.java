package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import java.util.function.DoubleUnaryOperator;

/**
 * An element-wise function of the squared scaled distance, f(r^2), with its derivative
 * df/d(r^2) given in closed form. Writing Matern kernels this way, rather than as sqrt followed
 * by polynomials and exponentials, keeps their gradients finite at r = 0: the chain rule through
 * sqrt would multiply a finite dk/dr by an infinite dr/d(r^2).
 */
final class RadialProfile {
  private RadialProfile() {}

  static Var apply(String name, Var r2, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
    double[] x = r2.value().data();
    Matrix out = new Matrix(r2.rows(), r2.cols());
    double[] y = out.data();
    for (int i = 0; i < y.length; i++) y[i] = value.applyAsDouble(x[i]);
    return Var.op(name, out, (g, sink) -> {
      Matrix gx = new Matrix(r2.rows(), r2.cols());
      double[] gd = gx.data();
      double[] gg = g.data();
      for (int i = 0; i < gd.length; i++) {
        if (gg[i] != 0.0) gd[i] = gg[i] * derivative.applyAsDouble(x[i]);
      }
      sink.accumulate(r2, gx);
    }, r2);
  }
}
