package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * The angular part J_n(theta) / pi of the arc-cosine kernel as a function of c = cos theta,
 * with its derivative in closed form:
 *
 * <pre>
 *   dJ_0/dc = 1 / sqrt(1 - c^2)
 *   dJ_1/dc = pi - theta
 *   dJ_2/dc = 4 sqrt(1 - c^2) + 4 c (pi - theta)
 * </pre>
 *
 * c is clipped to [-1, 1] (rounding can push it just outside); clipped entries, and the diagonal
 * of a symmetric call (where c is identically 1), get no gradient, which also keeps the order-0
 * derivative finite there.
 */
final class ArcCosineAngular {
  private ArcCosineAngular() {}

  static double valueAtZero(int order) {
    return order == 2 ? 3.0 : 1.0;
  }

  static Var apply(Var cos, int order, boolean symmetric) {
    int n = cos.rows(), m = cos.cols();
    double[] c = cos.value().data();
    double[] cc = new double[c.length];
    boolean[] flat = new boolean[c.length];
    Matrix out = new Matrix(n, m);
    double[] y = out.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        int k = i * m + j;
        double v = c[k];
        if (symmetric && i == j) {
          v = 1.0;
          flat[k] = true;
        } else if (v >= 1.0) {
          v = 1.0;
          flat[k] = true;
        } else if (v <= -1.0) {
          v = -1.0;
          flat[k] = true;
        }
        cc[k] = v;
        y[k] = value(v, order) / Math.PI;
      }
    }
    return Var.op("arcCosineAngular", out, (g, sink) -> {
      Matrix gc = new Matrix(n, m);
      double[] gd = gc.data();
      double[] gg = g.data();
      for (int k = 0; k < gd.length; k++) {
        if (!flat[k] && gg[k] != 0.0) gd[k] = gg[k] * derivative(cc[k], order) / Math.PI;
      }
      sink.accumulate(cos, gc);
    }, cos);
  }

  private static double value(double c, int order) {
    double theta = Math.acos(c);
    double s = Math.sqrt(Math.max(0.0, 1 - c * c));
    return switch (order) {
      case 0 -> Math.PI - theta;
      case 1 -> s + (Math.PI - theta) * c;
      default -> 3 * s * c + (Math.PI - theta) * (1 + 2 * c * c);
    };
  }

  private static double derivative(double c, int order) {
    double theta = Math.acos(c);
    double s = Math.sqrt(Math.max(0.0, 1 - c * c));
    return switch (order) {
      case 0 -> 1.0 / s;
      case 1 -> Math.PI - theta;
      default -> 4 * s + 4 * c * (Math.PI - theta);
    };
  }
}
