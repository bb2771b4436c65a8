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

  /**
   * @param r2 squared scaled distances, N x M
   * @param variance 1 x 1
   */
  static Var apply(String name, Var r2, Var variance, RadialFunction profile) {
    DoubleUnaryOperator value = profile.value();
    RadialFunction.Derivative derivative = profile.derivative();
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
        sink.accumulate(variance, Matrix.scalar(dot(gg, u)));
      }
    }, r2, variance);
  }

  /**
   * sum_i a_i b_i with four partial sums: one running sum is a chain of dependent additions,
   * which was as slow as the whole derivative pass over the N x M matrix.
   */
  static double dot(double[] a, double[] b) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
  }
}
