package bms.kernels.convolutional;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * The weighted sums over patches that turn patch covariances into image covariances, and the
 * tiling of a per-location matrix over images. Each is one pass over its input, written as a
 * dedicated operation so that no reshaped copies of the (large) patch Gram matrix are made.
 */
final class PatchSums {
  private PatchSums() {}

  /** out[i, k] = sum_p w_p g[i P + p, k]: (n P) x K to n x K, with w P x 1. */
  static Var rowGroups(Var g, Var w, int p) {
    int rows = g.rows(), k = g.cols();
    checkGroups("rows", rows, w, p);
    int n = rows / p;
    double[] gd = g.value().data(), wd = w.value().data();
    Matrix out = new Matrix(n, k);
    double[] o = out.data();
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < p; q++) {
        double wq = wd[q];
        int src = (i * p + q) * k, dst = i * k;
        for (int j = 0; j < k; j++) o[dst + j] += wq * gd[src + j];
      }
    }
    return Var.op("patchRowSums", out, (go, sink) -> {
      double[] gg = go.data();
      if (sink.wants(g)) {
        Matrix ga = new Matrix(rows, k);
        double[] a = ga.data();
        for (int i = 0; i < n; i++) {
          for (int q = 0; q < p; q++) {
            double wq = wd[q];
            int dst = (i * p + q) * k, src = i * k;
            for (int j = 0; j < k; j++) a[dst + j] = wq * gg[src + j];
          }
        }
        sink.accumulate(g, ga);
      }
      if (sink.wants(w)) {
        Matrix gw = new Matrix(p, 1);
        for (int i = 0; i < n; i++) {
          for (int q = 0; q < p; q++) {
            int src = (i * p + q) * k, go0 = i * k;
            double s = 0;
            for (int j = 0; j < k; j++) s += gg[go0 + j] * gd[src + j];
            gw.data()[q] += s;
          }
        }
        sink.accumulate(w, gw);
      }
    }, g, w);
  }

  /** out[r, i] = sum_p w_p g[r, i P + p]: K x (n P) to K x n, with w P x 1. */
  static Var colGroups(Var g, Var w, int p) {
    int rows = g.rows(), cols = g.cols();
    checkGroups("columns", cols, w, p);
    int n = cols / p;
    double[] gd = g.value().data(), wd = w.value().data();
    Matrix out = new Matrix(rows, n);
    double[] o = out.data();
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < n; i++) {
        int src = r * cols + i * p;
        double s = 0;
        for (int q = 0; q < p; q++) s += wd[q] * gd[src + q];
        o[r * n + i] = s;
      }
    }
    return Var.op("patchColSums", out, (go, sink) -> {
      double[] gg = go.data();
      if (sink.wants(g)) {
        Matrix ga = new Matrix(rows, cols);
        double[] a = ga.data();
        for (int r = 0; r < rows; r++) {
          for (int i = 0; i < n; i++) {
            double gi = gg[r * n + i];
            int dst = r * cols + i * p;
            for (int q = 0; q < p; q++) a[dst + q] = wd[q] * gi;
          }
        }
        sink.accumulate(g, ga);
      }
      if (sink.wants(w)) {
        Matrix gw = new Matrix(p, 1);
        double[] gwd = gw.data();
        for (int r = 0; r < rows; r++) {
          for (int i = 0; i < n; i++) {
            double gi = gg[r * n + i];
            int src = r * cols + i * p;
            for (int q = 0; q < p; q++) gwd[q] += gi * gd[src + q];
          }
        }
        sink.accumulate(w, gw);
      }
    }, g, w);
  }

  /** out[i, j] = m[i mod R, j mod C] for an R x C matrix m: repeats m over image blocks. */
  static Var tile(Var m, int rows, int cols) {
    int r = m.rows(), c = m.cols();
    if (rows % r != 0 || cols % c != 0) {
      throw new IllegalArgumentException("cannot tile " + m.value().shapeString() + " to " + rows + "x" + cols);
    }
    if (rows == r && cols == c) return m;
    double[] md = m.value().data();
    Matrix out = new Matrix(rows, cols);
    double[] o = out.data();
    for (int i = 0; i < rows; i++) {
      int src = (i % r) * c;
      for (int j0 = 0; j0 < cols; j0 += c) System.arraycopy(md, src, o, i * cols + j0, c);
    }
    return Var.op("tile", out, (g, sink) -> {
      Matrix gm = new Matrix(r, c);
      double[] a = gm.data(), gg = g.data();
      for (int i = 0; i < rows; i++) {
        int dst = (i % r) * c;
        for (int j = 0; j < cols; j++) a[dst + j % c] += gg[i * cols + j];
      }
      sink.accumulate(m, gm);
    }, m);
  }

  /** out[i] = sum_k a[i d + k]^2 for the first {@code rows} rows of a row-major array; returns out. */
  static double[] rowSquaredNorms(double[] a, int rows, int d, double[] out) {
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int k = 0; k < d; k++) s += a[i * d + k] * a[i * d + k];
      out[i] = s;
    }
    return out;
  }

  /**
   * The P x 1 sum over n images of per-image, per-patch values (image i's in [i P, (i + 1) P)),
   * added in image order whatever thread computed each image.
   */
  static Matrix sumOverImages(double[] perImage, int n, int p) {
    Matrix out = new Matrix(p, 1);
    double[] o = out.data();
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < p; q++) o[q] += perImage[i * p + q];
    }
    return out;
  }

  private static void checkGroups(String what, int count, Var w, int p) {
    if (w.rows() != p || w.cols() != 1) {
      throw new IllegalArgumentException("patch weights must be " + p + "x1, got " + w.value().shapeString());
    }
    if (count % p != 0) {
      throw new IllegalArgumentException(count + " " + what + " are not a whole number of images of " + p + " patches");
    }
  }
}
