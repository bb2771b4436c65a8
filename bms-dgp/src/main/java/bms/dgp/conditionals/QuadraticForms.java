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
 *   backward: dX = 2 sum_k W_k diag(g_k),  dC_k = X diag(g_k) X^T
 * </pre>
 * Each direction costs about one (K*M) x M x N matrix product (less where dC_k is a rank
 * update).
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
        sink.accumulate(stackedC, symmetrised(weightedGrams(xv, gd, k, be)));
      }
    }, x, stackedC);
  }

  /**
   * dC_k = X diag(g_k) X^T for every k, stacked. Where g_k has one sign (a Gaussian
   * likelihood's gradient with respect to the variances always has), this is
   * +-(X |g_k|^1/2)(X |g_k|^1/2)^T, a symmetric rank-N update at half the cost of a product.
   */
  private static Matrix weightedGrams(Matrix xv, double[] gd, int k, LinalgBackend be) {
    int m = xv.rows(), n = xv.cols();
    double[] xd = xv.data();
    Matrix dc = new Matrix(k * m, m);
    Matrix y = new Matrix(m, n);
    Matrix block = new Matrix(m, m);
    double[] yd = y.data();
    double[] w = new double[n];
    for (int b = 0; b < k; b++) {
      boolean nonNegative = true, nonPositive = true;
      for (int c = 0; c < n; c++) {
        double g = gd[c * k + b];
        nonNegative &= g >= 0;
        nonPositive &= g <= 0;
      }
      boolean oneSign = nonNegative || nonPositive;
      for (int c = 0; c < n; c++) w[c] = oneSign ? Math.sqrt(Math.abs(gd[c * k + b])) : gd[c * k + b];
      for (int i = 0; i < m; i++) {
        int r = i * n;
        for (int c = 0; c < n; c++) yd[r + c] = xd[r + c] * w[c];
      }
      if (oneSign) {
        be.syrk(false, nonNegative ? 1.0 : -1.0, y, 0.0, block);
      } else {
        be.gemm(false, true, 1.0, y, xv, 0.0, block);
      }
      System.arraycopy(block.data(), 0, dc.data(), b * m * m, m * m);
    }
    return dc;
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
