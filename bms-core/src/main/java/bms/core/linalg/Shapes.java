package bms.core.linalg;

import bms.core.matrix.Matrix;

/** Shape checks shared by the backends, with messages that name the operation and shapes. */
final class Shapes {
  private Shapes() {}

  static void checkSquare(String op, Matrix a) {
    if (!a.isSquare()) {
      throw new IllegalArgumentException(op + ": matrix must be square, got " + a.shapeString());
    }
  }

  static void checkGemm(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb) {
      throw new IllegalArgumentException("gemm: inner dimensions differ: op(a) is " + m + "x" + k
          + ", op(b) is " + kb + "x" + n);
    }
    if (c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm: output must be " + m + "x" + n + ", got " + c.shapeString());
    }
    if (c.data() == a.data() || c.data() == b.data()) {
      throw new IllegalArgumentException("gemm: output must not alias an input");
    }
  }

  static void checkTrsm(boolean left, Matrix t, Matrix b) {
    checkSquare("trsm", t);
    int need = left ? b.rows() : b.cols();
    if (t.rows() != need) {
      throw new IllegalArgumentException("trsm: triangular factor is " + t.shapeString()
          + " but the right-hand side is " + b.shapeString() + (left ? " (solving from the left)" : " (solving from the right)"));
    }
  }
}
