package bms.invariance.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** Averages of base-kernel matrices over the orbit blocks of item-major rows. */
final class OrbitAverages {
  private OrbitAverages() {}

  /**
   * (N*S1) x (M*S2) to N x M: {@code out[n][m] = 1/(S1 S2) sum_{s, t} big[n S1 + s][m S2 + t]}.
   */
  static Var blockMean(Var big, int s1, int s2) {
    int rows = big.rows(), cols = big.cols();
    if (rows % s1 != 0 || cols % s2 != 0) {
      throw new IllegalArgumentException("blockMean: " + big.describe() + " is not made of " + s1 + "x" + s2 + " blocks");
    }
    int n = rows / s1, m = cols / s2;
    double inv = 1.0 / ((double) s1 * s2);
    double[] b = big.value().data();
    Matrix out = new Matrix(n, m);
    double[] o = out.data();
    for (int r = 0; r < rows; r++) {
      int on = (r / s1) * m, rb = r * cols;
      for (int c = 0; c < cols; c++) o[on + c / s2] += b[rb + c];
    }
    for (int i = 0; i < o.length; i++) o[i] *= inv;
    return Var.op("orbitBlockMean", out, (g, sink) -> {
      Matrix gb = new Matrix(rows, cols);
      double[] gd = gb.data(), gg = g.data();
      for (int r = 0; r < rows; r++) {
        int on = (r / s1) * m, rb = r * cols;
        for (int c = 0; c < cols; c++) gd[rb + c] = gg[on + c / s2] * inv;
      }
      sink.accumulate(big, gb);
    }, big);
  }

  /**
   * (B*S) x (B*S) to B x 1, the mean of each diagonal S x S block: over all S^2 pairs, or over the
   * S(S-1) pairs with s != s' when {@code offDiagonal} (the unbiased estimate of E_a E_a' k).
   */
  static Var diagonalBlockMeans(Var big, int s, boolean offDiagonal) {
    int size = big.rows();
    if (big.cols() != size || size % s != 0) {
      throw new IllegalArgumentException("diagonalBlockMeans: " + big.describe() + " is not made of " + s + "x" + s
          + " diagonal blocks");
    }
    int blocks = size / s;
    double inv = offDiagonal ? 1.0 / ((double) s * (s - 1)) : 1.0 / ((double) s * s);
    double[] k = big.value().data();
    Matrix out = new Matrix(blocks, 1);
    for (int bl = 0; bl < blocks; bl++) {
      double sum = 0;
      for (int i = 0; i < s; i++) {
        int row = (bl * s + i) * size + bl * s;
        for (int j = 0; j < s; j++) {
          if (!offDiagonal || i != j) sum += k[row + j];
        }
      }
      out.data()[bl] = sum * inv;
    }
    return Var.op("orbitDiagonalBlockMeans", out, (g, sink) -> {
      Matrix gk = new Matrix(size, size);
      double[] gd = gk.data();
      for (int bl = 0; bl < blocks; bl++) {
        double v = g.data()[bl] * inv;
        for (int i = 0; i < s; i++) {
          int row = (bl * s + i) * size + bl * s;
          for (int j = 0; j < s; j++) {
            if (!offDiagonal || i != j) gd[row + j] = v;
          }
        }
      }
      sink.accumulate(big, gk);
    }, big);
  }
}
