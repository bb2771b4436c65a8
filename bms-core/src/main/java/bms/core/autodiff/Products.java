package bms.core.autodiff;

import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;

/** Matrix products and pairwise squared distances, on the current linear-algebra backend. */
final class Products {
  private Products() {}

  static Matrix gemm(Matrix a, boolean ta, Matrix b, boolean tb) {
    int m = ta ? a.cols() : a.rows();
    int ka = ta ? a.rows() : a.cols();
    int kb = tb ? b.cols() : b.rows();
    int n = tb ? b.rows() : b.cols();
    if (ka != kb) {
      throw new IllegalArgumentException("matmul: inner dimensions differ: " + (ta ? "a^T" : "a") + " is "
          + m + "x" + ka + ", " + (tb ? "b^T" : "b") + " is " + kb + "x" + n);
    }
    Matrix c = new Matrix(m, n);
    Backends.current().gemm(ta, tb, 1.0, a, b, 0.0, c);
    return c;
  }

  static Var matmul(Var a, Var b, boolean ta, boolean tb) {
    Matrix out = gemm(a.value(), ta, b.value(), tb);
    return Var.op("matmul", out, (g, sink) -> {
      if (sink.wants(a)) {
        // C = op(A) op(B): dA = G op(B)^T, transposed back when A entered transposed.
        Matrix ga = ta ? gemm(b.value(), tb, g, true) : gemm(g, false, b.value(), !tb);
        sink.accumulateFresh(a, ga);
      }
      if (sink.wants(b)) {
        Matrix gb = tb ? gemm(g, true, a.value(), ta) : gemm(a.value(), !ta, g, false);
        sink.accumulateFresh(b, gb);
      }
    }, a, b);
  }

  static Var squaredDistances(Var x, Var z) {
    Matrix xv = x.value(), zv = z.value();
    if (xv.cols() != zv.cols()) {
      throw new IllegalArgumentException("squaredDistances: inputs have different dimensions: "
          + x.describe() + " vs " + z.describe());
    }
    int n = xv.rows(), m = zv.rows(), d = xv.cols();
    boolean self = x == z;
    double[] xn = rowSquaredNorms(xv);
    double[] zn = self ? xn : rowSquaredNorms(zv);
    Matrix out = new Matrix(n, m);
    LinalgBackend be = Backends.current();
    // A product even for x with itself: OpenBLAS's threaded dsyrk with a thin inner dimension
    // (the 25 pixels of a patch) ran 15x slower than dgemm on a loaded 2-core machine.
    be.gemm(false, true, -2.0, xv, zv, 0.0, out);
    double[] o = out.data();
    // Entries clamped to zero get no gradient (the distance is flat there in floating point).
    // With the same node twice the diagonal is set to exactly zero (its gradient terms cancel),
    // and the lower triangle is mirrored: a blocked gemm need not round (i, j) and (j, i) alike.
    boolean[] clamped = new boolean[o.length];
    boolean anyClamped = false;
    if (!self) {
      // The cross case (Kuf, every step) on its own branch-light loop.
      for (int i = 0; i < n; i++) {
        double xi = xn[i];
        int row = i * m;
        for (int j = 0; j < m; j++) {
          double v = o[row + j] + xi + zn[j];
          if (v < 0) {
            v = 0;
            clamped[row + j] = true;
            anyClamped = true;
          }
          o[row + j] = v;
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          int k = i * m + j;
          double v = o[k] + xn[i] + zn[j];
          if (i == j) {
            v = 0;
          } else if (v < 0) {
            v = 0;
            clamped[k] = true;
            anyClamped = true;
          }
          o[k] = v;
          o[j * m + i] = v;
          clamped[j * m + i] = clamped[k];
        }
      }
    }
    boolean clampedSome = anyClamped;
    return Var.op("squaredDistances", out, (g, sink) -> {
      Matrix gm = g;
      if (clampedSome) {
        gm = g.copy();
        for (int k = 0; k < clamped.length; k++) if (clamped[k]) gm.data()[k] = 0;
      }
      double[] gg = gm.data();
      if (self) {
        // x and z are one node: dX = 2 (diag(rowsum Gs) X - Gs X) with Gs = G + G^T, one product.
        sink.accumulate(x, selfDistanceGradient(gg, xv, be));
        return;
      }
      if (sink.wants(x)) {
        // dX = 2 (diag(rowsum G) X - G Z)
        Matrix gx = new Matrix(n, d);
        be.gemm(false, false, -2.0, gm, zv, 0.0, gx);
        double[] gxd = gx.data();
        double[] xd = xv.data();
        for (int i = 0; i < n; i++) {
          double s = rowSum(gg, i * m, m);
          for (int k = 0; k < d; k++) gxd[i * d + k] += 2.0 * s * xd[i * d + k];
        }
        sink.accumulate(x, gx);
      }
      if (sink.wants(z)) {
        // dZ = 2 (diag(colsum G) Z - G^T X)
        Matrix gz = new Matrix(m, d);
        be.gemm(true, false, -2.0, gm, xv, 0.0, gz);
        double[] gzd = gz.data();
        double[] zd = zv.data();
        double[] cs = new double[m];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < m; j++) cs[j] += gg[i * m + j];
        }
        for (int j = 0; j < m; j++) {
          for (int k = 0; k < d; k++) gzd[j * d + k] += 2.0 * cs[j] * zd[j * d + k];
        }
        sink.accumulate(z, gz);
      }
    }, x, z);
  }

  /** The gradient of sum(G .* D) with D the distances between the rows of x and themselves. */
  private static Matrix selfDistanceGradient(double[] g, Matrix xv, LinalgBackend be) {
    int n = xv.rows(), d = xv.cols();
    Matrix gs = new Matrix(n, n);
    double[] s = gs.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) s[i * n + j] = g[i * n + j] + g[j * n + i];
    }
    Matrix gx = new Matrix(n, d);
    be.gemm(false, false, -2.0, gs, xv, 0.0, gx);
    double[] gxd = gx.data();
    double[] xd = xv.data();
    for (int i = 0; i < n; i++) {
      double r = 2.0 * rowSum(s, i * n, n);
      for (int k = 0; k < d; k++) gxd[i * d + k] += r * xd[i * d + k];
    }
    return gx;
  }

  /** sum of d[from .. from + len), in two interleaved sums (one is a chain of dependent adds). */
  private static double rowSum(double[] d, int from, int len) {
    double s0 = 0, s1 = 0;
    int j = 0;
    for (; j + 1 < len; j += 2) {
      s0 += d[from + j];
      s1 += d[from + j + 1];
    }
    if (j < len) s0 += d[from + j];
    return s0 + s1;
  }

  private static double[] rowSquaredNorms(Matrix a) {
    int n = a.rows(), d = a.cols();
    double[] out = new double[n];
    double[] v = a.data();
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < d; k++) s += v[i * d + k] * v[i * d + k];
      out[i] = s;
    }
    return out;
  }
}
