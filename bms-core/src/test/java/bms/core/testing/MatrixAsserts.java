package bms.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import bms.core.matrix.Matrix;

/** Entry-wise comparisons of matrices with messages that show the shapes and the worst entry. */
public final class MatrixAsserts {
  private MatrixAsserts() {}

  /**
   * Asserts the same shape and {@code |expected - actual| <= tol * max(1, |expected|)} entry by
   * entry (relative for large entries, absolute near zero). NaN never passes.
   */
  public static void assertClose(Matrix expected, Matrix actual, double tol, String what) {
    if (!expected.sameShape(actual)) {
      fail(what + ": expected shape " + expected.shapeString() + ", got " + actual.shapeString());
    }
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.data()[i];
      double a = actual.data()[i];
      if (!(Math.abs(e - a) <= tol * Math.max(1.0, Math.abs(e)))) {
        int c = Math.max(expected.cols(), 1);
        fail(String.format("%s: entry (%d, %d) is %.17g, expected %.17g (tolerance %.1e)%nactual %s",
            what, i / c, i % c, a, e, tol, actual));
      }
    }
  }

  /** Asserts bit-for-bit equal values (same shape, every entry {@code ==}). */
  public static void assertExactlyEqual(Matrix expected, Matrix actual, String what) {
    assertClose(expected, actual, 0.0, what);
  }
}
