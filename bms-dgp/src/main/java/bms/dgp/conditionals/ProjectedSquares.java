package bms.dgp.conditionals;

import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import bms.dgp.variational.StackedBlocks;

/**
 * out[n, k] = || R_k^T P[:, n] ||^2 for K stacked factors R_k (M x M) and P (M x N), fused into
 * one node: all K products are one gemm with the blocks side by side,
 * V = [R_1 ... R_K]^T P ((K*M) x N), and the squares are summed within each block of rows.
 * The backward pass is two more gemms: with dV = 2 V * G (broadcast per block),
 * d[R_1 ... R_K] = P dV^T and dP = [R_1 ... R_K] dV.
 */
final class ProjectedSquares {
  private ProjectedSquares() {}

  static Var apply(Var p, Var stackedR) {
    Matrix pv = p.value();
    Matrix rv = stackedR.value();
    int m = rv.cols();
    int k = StackedBlocks.blockCount(rv);
    int n = pv.cols();
    if (pv.rows() != m) {
      throw new IllegalArgumentException("projected squares: P is " + pv.shapeString() + " but the factors are "
          + m + "x" + m);
    }
    LinalgBackend be = Backends.current();
    Matrix side = StackedBlocks.sideBySide(rv);
    Matrix v = new Matrix(k * m, n);
    be.gemm(true, false, 1.0, side, pv, 0.0, v);
    double[] vd = v.data();
    Matrix out = new Matrix(n, k);
    double[] o = out.data();
    for (int b = 0; b < k; b++) {
      for (int j = 0; j < m; j++) {
        int row = (b * m + j) * n;
        for (int c = 0; c < n; c++) {
          double x = vd[row + c];
          o[c * k + b] += x * x;
        }
      }
    }
    return Var.op("projectedSquares", out, (g, sink) -> {
      double[] gd = g.data();
      Matrix dv = new Matrix(k * m, n);
      double[] dvd = dv.data();
      double[] gcol = new double[n];
      for (int b = 0; b < k; b++) {
        for (int c = 0; c < n; c++) gcol[c] = 2.0 * gd[c * k + b];
        for (int j = 0; j < m; j++) {
          int row = (b * m + j) * n;
          for (int c = 0; c < n; c++) dvd[row + c] = vd[row + c] * gcol[c];
        }
      }
      if (sink.wants(stackedR)) {
        Matrix dside = new Matrix(m, k * m);
        be.gemm(false, true, 1.0, pv, dv, 0.0, dside);
        sink.accumulate(stackedR, StackedBlocks.stack(dside));
      }
      if (sink.wants(p)) {
        Matrix dp = new Matrix(m, n);
        be.gemm(false, false, 1.0, side, dv, 0.0, dp);
        sink.accumulate(p, dp);
      }
    }, p, stackedR);
  }
}
