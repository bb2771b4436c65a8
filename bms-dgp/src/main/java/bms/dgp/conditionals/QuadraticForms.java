package bms.dgp.conditionals;

import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import bms.dgp.variational.StackedBlocks;

/**
 * out[n, k] = x_n^T C_k x_n for the columns x_n of X (M x N) and K symmetric M x M matrices
 * stacked vertically ((K*M) x M), fused into one node. The C_k are symmetrised on the way in,
 * (C + C^T) / 2, so value and gradient agree exactly whatever the rounding in C.
 * <pre>
 *   forward:  W = [C_1; ...; C_K] X ((K*M) x N),  out[n, k] = sum_i X[i, n] W[kM + i, n]
 *   backward: dX = 2 sum_k W_k diag(g_k),  dC_k = X diag(g_k) X^T (one gemm for all k)
 * </pre>
 * Each direction is one (K*M) x M x N matrix product.
 */
final class QuadraticForms {
  private QuadraticForms() {}

  static Var diagonal(Var x, Var stackedC) {
    Matrix xv = x.value();
    Matrix cv = symmetrised(stackedC.value());
    int m = xv.rows(), n = xv.cols();
    int k = StackedBlocks.blockCount(cv);
    if (cv.cols() != m) {
      throw new IllegalArgumentException("quadratic forms: X is " + xv.shapeString() + " but the matrices are "
          + cv.cols() + "x" + cv.cols());
    }
    LinalgBackend be = Backends.current();
    Matrix w = new Matrix(k * m, n);
    be.gemm(false, false, 1.0, cv, xv, 0.0, w);
    double[] wd = w.data(), xd = xv.data();
    Matrix out = new Matrix(n, k);
    double[] o = out.data();
    double[] acc = new double[n];
    for (int b = 0; b < k; b++) {
      java.util.Arrays.fill(acc, 0.0);
      for (int i = 0; i < m; i++) {
        int wr = (b * m + i) * n, xr = i * n;
        for (int c = 0; c < n; c++) acc[c] += xd[xr + c] * wd[wr + c];
      }
      for (int c = 0; c < n; c++) o[c * k + b] = acc[c];
    }
    return Var.op("quadraticForms", out, (g, sink) -> {
      double[] gd = g.data();
      double[] gk = new double[n];
      if (sink.wants(x)) {
        Matrix dx = new Matrix(m, n);
        double[] dxd = dx.data();
        for (int b = 0; b < k; b++) {
          for (int c = 0; c < n; c++) gk[c] = 2.0 * gd[c * k + b];
          for (int i = 0; i < m; i++) {
            int wr = (b * m + i) * n, xr = i * n;
            for (int c = 0; c < n; c++) dxd[xr + c] += wd[wr + c] * gk[c];
          }
        }
        sink.accumulate(x, dx);
      }
      if (sink.wants(stackedC)) {
        // Y[kM + i, n] = X[i, n] g[n, k];  dC (stacked) = Y X^T, then symmetrised.
        Matrix y = new Matrix(k * m, n);
        double[] yd = y.data();
        for (int b = 0; b < k; b++) {
          for (int c = 0; c < n; c++) gk[c] = gd[c * k + b];
          for (int i = 0; i < m; i++) {
            int yr = (b * m + i) * n, xr = i * n;
            for (int c = 0; c < n; c++) yd[yr + c] = xd[xr + c] * gk[c];
          }
        }
        Matrix dc = new Matrix(k * m, m);
        be.gemm(false, true, 1.0, y, xv, 0.0, dc);
        sink.accumulate(stackedC, symmetrised(dc));
      }
    }, x, stackedC);
  }

  /** (C_k + C_k^T) / 2 for each stacked block. */
  static Matrix symmetrised(Matrix stacked) {
    int m = stacked.cols();
    int k = StackedBlocks.blockCount(stacked);
    Matrix out = new Matrix(stacked.rows(), m);
    double[] s = stacked.data(), o = out.data();
    for (int b = 0; b < k; b++) {
      int off = b * m * m;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) o[off + i * m + j] = 0.5 * (s[off + i * m + j] + s[off + j * m + i]);
      }
    }
    return out;
  }
}
