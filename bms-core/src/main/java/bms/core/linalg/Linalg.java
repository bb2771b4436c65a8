package bms.core.linalg;

import bms.core.matrix.Matrix;

/** Allocating conveniences over the current backend, for code that wants values, not buffers. */
public final class Linalg {
  private Linalg() {}

  /** op(a) op(b). */
  public static Matrix matmul(Matrix a, boolean transA, Matrix b, boolean transB) {
    int m = transA ? a.cols() : a.rows();
    int n = transB ? b.rows() : b.cols();
    Matrix c = new Matrix(m, n);
    Backends.current().gemm(transA, transB, 1.0, a, b, 0.0, c);
    return c;
  }

  public static Matrix matmul(Matrix a, Matrix b) {
    return matmul(a, false, b, false);
  }

  /** Solves op(t) X = b from the left; returns X. */
  public static Matrix solveTriangular(Matrix t, boolean lower, boolean transT, Matrix b) {
    Matrix x = b.copy();
    Backends.current().trsm(true, lower, transT, 1.0, t, x);
    return x;
  }

  /** Solves X op(t) = b from the right; returns X. */
  public static Matrix solveTriangularRight(Matrix t, boolean lower, boolean transT, Matrix b) {
    Matrix x = b.copy();
    Backends.current().trsm(false, lower, transT, 1.0, t, x);
    return x;
  }
}
