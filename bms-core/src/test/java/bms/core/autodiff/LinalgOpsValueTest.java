package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.CholeskyFailedException;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values and errors of the linear-algebra nodes (their gradients: LinalgOpsGradientTest). */
class LinalgOpsValueTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** op(t) x by loops, reading only the stated triangle of t. */
  private static Matrix triangularTimes(Matrix t, boolean lower, boolean trans, Matrix x) {
    int n = t.rows();
    Matrix out = new Matrix(n, x.cols());
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < x.cols(); j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          int r = trans ? k : i;
          int c = trans ? i : k;
          boolean inTriangle = lower ? c <= r : c >= r;
          if (inTriangle) s += t.get(r, c) * x.get(k, j);
        }
        out.set(i, j, s);
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void solveTriangularSolvesInAllFourCombinations(long seed) {
    RandomCases rc = new RandomCases(seed);
    for (int combo = 0; combo < 4; combo++) {
      boolean lower = (combo & 1) != 0;
      boolean trans = (combo & 2) != 0;
      int n = rc.dim(1, 12);
      Matrix t = lower ? rc.lowerTriangular(n) : rc.upperTriangular(n);
      Matrix b = rc.matrix(n, rc.dim(1, 6));
      // Garbage in the other triangle must be ignored.
      Matrix dirty = t.copy();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (lower ? j > i : j < i) dirty.set(i, j, 100 * rc.rng().nextGaussian());
        }
      }
      Matrix x = Var.constant(dirty).solveTriangular(Var.constant(b), lower, trans).value();
      assertClose(b, triangularTimes(t, lower, trans, x), 1e-12,
          "op(T) X = B with lower=" + lower + " trans=" + trans + " n=" + n);
    }
  }

  @Test
  void solveTriangularRejectsMismatchedShapes() {
    Var t = Var.variable(Matrix.identity(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.solveTriangular(Var.variable(Matrix.ones(4, 2)), true, false));
    assertTrue(e.getMessage().contains("3x3") && e.getMessage().contains("4x2"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Var.variable(Matrix.ones(3, 2)).solveTriangular(Var.variable(Matrix.ones(3, 1)), true, false));
  }

  /** An SPD matrix minus (r + 1) u u^T / |u|^2, where r is its Rayleigh quotient at u: u^T A u < 0. */
  private static Matrix indefinite(RandomCases rc, int n) {
    Matrix a = rc.spd(n);
    Matrix u = rc.matrix(n, 1);
    double uu = 0;
    double uau = 0;
    for (int i = 0; i < n; i++) {
      uu += u.data()[i] * u.data()[i];
      for (int j = 0; j < n; j++) uau += u.data()[i] * a.get(i, j) * u.data()[j];
    }
    double r = uau / uu;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) a.set(i, j, a.get(i, j) - (r + 1) * u.data()[i] * u.data()[j] / uu);
    }
    return a;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void choleskyOfAnIndefiniteMatrixFailsAfterRetriesNamingIt(long seed) {
    RandomCases rc = new RandomCases(seed);
    // n >= 3 keeps the trace positive (trace >= r + 1 there), so the jitter retries do run; the
    // largest jitter, 0.1 mean(diag) for the default policy, cannot lift an eigenvalue <= -1.
    int n = rc.dim(3, 10);
    Matrix a = indefinite(rc, n);
    JitterPolicy policy = JitterPolicy.DEFAULT;
    CholeskyFailedException e = assertThrows(CholeskyFailedException.class,
        () -> Var.variable(a).cholesky(policy, "Kuu"));
    assertEquals("Kuu", e.matrixName());
    assertEquals(n, e.size());
    String m = e.getMessage();
    assertTrue(m.contains("Kuu") && m.contains(n + "x" + n) && m.contains("after " + (policy.maxRetries() + 1) + " attempts"),
        m);
    assertTrue(e.lastJitter() > 0, "no jitter was tried");
  }

  @Test
  void choleskyRejectsNonSquareInputNamingTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Var.variable(Matrix.ones(2, 3)).cholesky(JitterPolicy.DEFAULT, "Kff"));
    assertTrue(e.getMessage().contains("Kff") && e.getMessage().contains("2x3"), e.getMessage());
  }
}
