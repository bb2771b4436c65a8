package bms.dgp.conditionals;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * out[n, k] = sum_i T[k M + i, n]^2: the squared norms of the columns of each of the K row
 * blocks of a (K*M) x N matrix T = [T_1; ...; T_K], as one node. With T_k = R_k^T A it gives
 * ||R_k^T a_n||^2 for all latents and points in one pass. Backward: dT[kM + i, n] = 2 g[n, k] T[kM + i, n].
 */
final class BlockNorms {
  private BlockNorms() {}

  static Var columnSquaredNorms(Var t, int blocks) {
    Matrix tv = t.value();
    if (blocks < 1 || tv.rows() % blocks != 0) {
      throw new IllegalArgumentException("cannot split " + tv.shapeString() + " into " + blocks + " row blocks");
    }
    int m = tv.rows() / blocks, n = tv.cols();
    double[] td = tv.data();
    Matrix out = new Matrix(n, blocks);
    double[] o = out.data();
    double[] acc = new double[n];
    for (int b = 0; b < blocks; b++) {
      java.util.Arrays.fill(acc, 0.0);
      for (int i = 0; i < m; i++) {
        int r = (b * m + i) * n;
        for (int c = 0; c < n; c++) acc[c] += td[r + c] * td[r + c];
      }
      for (int c = 0; c < n; c++) o[c * blocks + b] = acc[c];
    }
    return Var.op("blockColumnSquaredNorms", out, (g, sink) -> {
      double[] gd = g.data();
      Matrix dt = new Matrix(tv.rows(), n);
      double[] dd = dt.data();
      double[] gk = new double[n];
      for (int b = 0; b < blocks; b++) {
        for (int c = 0; c < n; c++) gk[c] = 2.0 * gd[c * blocks + b];
        for (int i = 0; i < m; i++) {
          int r = (b * m + i) * n;
          for (int c = 0; c < n; c++) dd[r + c] = gk[c] * td[r + c];
        }
      }
      sink.accumulate(t, dt);
    }, t);
  }
}
