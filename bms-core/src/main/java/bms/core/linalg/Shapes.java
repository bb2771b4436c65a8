package bms.core.linalg;

import bms.core.matrix.Matrix;
import java.util.Objects;

/**
 * Shape checks shared by the backends (this package's and the GPU backend), with messages that
 * name the operation and the shapes.
 */
public final class Shapes {
  private Shapes() {}

  public static void checkSquare(String op, Matrix a) {
    Objects.requireNonNull(a, op + ": matrix is null");
    if (!a.isSquare()) {
      throw new IllegalArgumentException(op + ": matrix must be square, got " + a.shapeString());
    }
  }

  public static void checkGemm(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c) {
    Objects.requireNonNull(a, "gemm: a is null");
    Objects.requireNonNull(b, "gemm: b is null");
    Objects.requireNonNull(c, "gemm: c is null");
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb) {
      throw new IllegalArgumentException("gemm: inner dimensions differ: op(a) is " + m + "x" + k
          + " (a is " + a.shapeString() + (transA ? ", transposed" : "") + "), op(b) is " + kb + "x" + n
          + " (b is " + b.shapeString() + (transB ? ", transposed" : "") + ")");
    }
    if (c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm: output c must be " + m + "x" + n + ", got " + c.shapeString());
    }
    if (c.data() == a.data() || c.data() == b.data()) {
      throw new IllegalArgumentException("gemm: output c must not share storage with an input");
    }
  }

  public static void checkSyrk(boolean transA, Matrix a, Matrix c) {
    Objects.requireNonNull(a, "syrk: a is null");
    Objects.requireNonNull(c, "syrk: c is null");
    int n = transA ? a.cols() : a.rows();
    if (c.rows() != n || c.cols() != n) {
      throw new IllegalArgumentException("syrk: output c must be " + n + "x" + n + " for a "
          + a.shapeString() + (transA ? " (a^T a)" : " (a a^T)") + ", got " + c.shapeString());
    }
    if (c.data() == a.data()) {
      throw new IllegalArgumentException("syrk: output c must not share storage with a");
    }
  }

  public static void checkTrsm(boolean left, Matrix t, Matrix b) {
    Objects.requireNonNull(t, "trsm: triangular factor is null");
    Objects.requireNonNull(b, "trsm: right-hand side is null");
    if (!t.isSquare()) {
      throw new IllegalArgumentException("trsm: triangular factor must be square, got " + t.shapeString());
    }
    int need = left ? b.rows() : b.cols();
    if (t.rows() != need) {
      throw new IllegalArgumentException("trsm: triangular factor is " + t.shapeString()
          + " but the right-hand side is " + b.shapeString()
          + (left ? " (solving from the left needs b.rows == " : " (solving from the right needs b.cols == ")
          + t.rows() + ")");
    }
    if (t.data() == b.data()) {
      throw new IllegalArgumentException("trsm: right-hand side must not share storage with the factor");
    }
  }
}
