package bms.core.linalg;

import bms.core.matrix.Matrix;

/**
 * Row-oriented pure-Java triangular solves for a matrix right-hand side. Each step is an axpy
 * over a whole row of B, which keeps the inner loop contiguous in row-major storage.
 */
final class TriangularKernels {
  private TriangularKernels() {}

  /** Solves op(T) X = alpha B in place of B. */
  static void solveLeft(boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    int n = t.rows();
    int m = b.cols();
    double[] T = t.data();
    double[] B = b.data();
    if (alpha != 1.0) {
      for (int i = 0; i < B.length; i++) B[i] *= alpha;
    }
    // Effective matrix A = op(T); A is lower when (lower XOR transT) is false... work out access.
    boolean effLower = lower != transT;
    if (effLower) {
      // Forward substitution: x_i = (b_i - sum_{j<i} A_ij x_j) / A_ii.
      for (int i = 0; i < n; i++) {
        int bi = i * m;
        for (int j = 0; j < i; j++) {
          double aij = transT ? T[j * n + i] : T[i * n + j];
          if (aij == 0.0) continue;
          int bj = j * m;
          for (int k = 0; k < m; k++) B[bi + k] -= aij * B[bj + k];
        }
        double d = T[i * n + i];
        double inv = 1.0 / d;
        for (int k = 0; k < m; k++) B[bi + k] *= inv;
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        int bi = i * m;
        for (int j = i + 1; j < n; j++) {
          double aij = transT ? T[j * n + i] : T[i * n + j];
          if (aij == 0.0) continue;
          int bj = j * m;
          for (int k = 0; k < m; k++) B[bi + k] -= aij * B[bj + k];
        }
        double inv = 1.0 / T[i * n + i];
        for (int k = 0; k < m; k++) B[bi + k] *= inv;
      }
    }
  }
}
