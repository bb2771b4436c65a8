package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend computes gemm, syrk, potrf and trsm like the triple-loop reference, and like
 * the EJML backend, to 1e-10 relative, on random shapes from 1 up to 300 (and a few at 600),
 * with the unused triangle of triangular inputs filled with garbage or NaN.
 */
class BackendAgreementTest {
  private static final double TOL = 1e-10;

  static Stream<Arguments> small() {
    return TestBackends.cross(RandomCases.seeds(60));
  }

  static Stream<Arguments> medium() {
    return TestBackends.cross(RandomCases.seeds(8).map(s -> s + 1_000_003));
  }

  static Stream<Arguments> large() {
    return TestBackends.cross(RandomCases.seeds(2).map(s -> s + 2_000_003));
  }

  /** A dimension: 1..40 for small cases, 40..300 for medium, 600 for large. */
  private static int dim(RandomCases rc, int size) {
    return switch (size) {
      case 0 -> rc.dim(1, 40);
      case 1 -> rc.dim(40, 300);
      default -> 600;
    };
  }

  private static int sizeClass(long seed) {
    return seed >= 2_000_000 ? 2 : seed >= 1_000_000 ? 1 : 0;
  }

  /** Reference results by case, so that the slow triple loops run once per case, not per backend. */
  private static final java.util.Map<String, Matrix> REFERENCE = new java.util.concurrent.ConcurrentHashMap<>();

  private static Matrix reference(String op, long seed, java.util.function.Supplier<Matrix> compute) {
    return REFERENCE.computeIfAbsent(op + "/" + seed, k -> compute.get());
  }

  private static void assertClose(Matrix got, Matrix ref, String what) {
    double err = ReferenceLinalg.relErr(got, ref);
    assertTrue(err <= TOL, what + ": relative error " + err + " > " + TOL);
  }

  /** Runs {@code op} on the backend and on EJML and checks both against the reference. */
  private static void checkAgainst(String key, Matrix ref, String what, java.util.function.Function<LinalgBackend, Matrix> op) {
    Matrix got = op.apply(TestBackends.get(key));
    assertClose(got, ref, key + " " + what + " vs reference");
    if (!key.equals("ejml")) {
      assertClose(got, op.apply(TestBackends.ejml()), key + " " + what + " vs ejml");
    }
  }

  private static double beta(RandomCases rc) {
    return switch (rc.rng().nextInt(3)) {
      case 0 -> 0.0;
      case 1 -> 1.0;
      default -> rc.rng().nextGaussian();
    };
  }

  /** C filled with NaN when beta is 0, which must then be ignored. */
  private static Matrix initialC(RandomCases rc, int m, int n, double beta) {
    return beta == 0.0 ? Matrix.filled(m, n, Double.NaN) : rc.matrix(m, n);
  }

  private void gemmCase(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int size = sizeClass(seed);
    int m = dim(rc, size), n = dim(rc, size), k = dim(rc, size);
    boolean ta = rc.rng().nextBoolean(), tb = rc.rng().nextBoolean();
    Matrix a = ta ? rc.matrix(k, m) : rc.matrix(m, k);
    Matrix b = tb ? rc.matrix(n, k) : rc.matrix(k, n);
    double alpha = rc.rng().nextGaussian();
    double beta = beta(rc);
    Matrix c0 = initialC(rc, m, n, beta);
    Matrix ref = reference("gemm", seed, () -> ReferenceLinalg.gemm(ta, tb, alpha, a, b, beta, c0));
    String what = "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k
        + " alpha=" + alpha + " beta=" + beta;
    checkAgainst(key, ref, what, be -> {
      Matrix c = c0.copy();
      be.gemm(ta, tb, alpha, a, b, beta, c);
      return c;
    });
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("small")
  void gemmMatchesReferenceSmall(String key, long seed) {
    gemmCase(key, seed);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("medium")
  void gemmMatchesReferenceMedium(String key, long seed) {
    gemmCase(key, seed);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("large")
  void gemmMatchesReferenceAt600(String key, long seed) {
    gemmCase(key, seed);
  }

  /** All four transpose combinations on one random problem, so none is left to chance. */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("small")
  void gemmAllTransposeCombinations(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int m = rc.dim(1, 70), n = rc.dim(1, 70), k = rc.dim(1, 70);
    double alpha = rc.rng().nextGaussian();
    double beta = beta(rc);
    Matrix c0 = initialC(rc, m, n, beta);
    for (int combo = 0; combo < 4; combo++) {
      boolean ta = (combo & 1) != 0, tb = (combo & 2) != 0;
      Matrix a = ta ? rc.matrix(k, m) : rc.matrix(m, k);
      Matrix b = tb ? rc.matrix(n, k) : rc.matrix(k, n);
      Matrix ref = ReferenceLinalg.gemm(ta, tb, alpha, a, b, beta, c0);
      checkAgainst(key, ref, "gemm combo " + combo, be -> {
        Matrix c = c0.copy();
        be.gemm(ta, tb, alpha, a, b, beta, c);
        return c;
      });
    }
  }

  private void syrkCase(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int size = sizeClass(seed);
    int n = dim(rc, size), k = dim(rc, size);
    boolean ta = rc.rng().nextBoolean();
    Matrix a = ta ? rc.matrix(k, n) : rc.matrix(n, k);
    double alpha = rc.rng().nextGaussian();
    double beta = beta(rc);
    // beta C must stay symmetric for the result to be: start from a symmetric C.
    Matrix c0;
    if (beta == 0.0) {
      c0 = Matrix.filled(n, n, Double.NaN);
    } else {
      c0 = rc.spd(n);
    }
    Matrix ref = reference("syrk", seed, () -> ReferenceLinalg.gemm(ta, !ta, alpha, a, a, beta, c0));
    checkAgainst(key, ref, "syrk " + (ta ? "a^T a" : "a a^T") + " n=" + n + " k=" + k + " beta=" + beta, be -> {
      Matrix c = c0.copy();
      be.syrk(ta, alpha, a, beta, c);
      return c;
    });
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("small")
  void syrkMatchesReferenceSmall(String key, long seed) {
    syrkCase(key, seed);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("medium")
  void syrkMatchesReferenceMedium(String key, long seed) {
    syrkCase(key, seed);
  }

  /** Puts garbage (or NaN, every third case) in the triangle the kernel must not read. */
  private static Matrix withGarbage(RandomCases rc, Matrix m, boolean keepLower) {
    Matrix out = m.copy();
    int n = m.rows();
    boolean nan = rc.rng().nextInt(3) == 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        boolean unused = keepLower ? j > i : j < i;
        if (unused) out.set(i, j, nan ? Double.NaN : 1e3 * rc.rng().nextGaussian());
      }
    }
    return out;
  }

  private void potrfCase(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = dim(rc, sizeClass(seed));
    Matrix a = rc.spd(n, 0.1 + rc.rng().nextDouble());
    Matrix ref = reference("potrf", seed, () -> ReferenceLinalg.cholesky(a));
    assertNotNull(ref, "test matrix should be positive definite");
    Matrix input = withGarbage(rc, a, true);
    checkAgainst(key, ref, "potrf n=" + n, be -> {
      Matrix l = input.copy();
      assertTrue(be.potrf(l), be.name() + " rejected a positive definite " + n + "x" + n + " matrix");
      return l;
    });
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("small")
  void potrfMatchesReferenceSmall(String key, long seed) {
    potrfCase(key, seed);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("medium")
  void potrfMatchesReferenceMedium(String key, long seed) {
    potrfCase(key, seed);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("large")
  void potrfMatchesReferenceAt600(String key, long seed) {
    potrfCase(key, seed);
  }

  /**
   * An SPD matrix minus c u u^T (u a unit vector, c above the largest eigenvalue) has exactly
   * one negative eigenvalue; a negative diagonal entry or a NaN in the lower triangle also
   * makes the factorisation fail. Every backend must report false.
   */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("small")
  void potrfRejectsMatricesThatAreNotPositiveDefinite(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.rng().nextBoolean() ? rc.dim(1, 40) : rc.dim(40, 150);
    Matrix a = rc.spd(n);
    int kind = rc.rng().nextInt(3);
    if (kind == 0 && n > 1) {
      Matrix u = rc.matrix(n, 1);
      double norm2 = 0;
      for (double v : u.data()) norm2 += v * v;
      double c = 20.0 + n;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) a.set(i, j, a.get(i, j) - c * u.get(i, 0) * u.get(j, 0) / norm2);
      }
    } else if (kind == 1 || n == 1) {
      int j = rc.rng().nextInt(n);
      a.set(j, j, -0.5 - rc.rng().nextDouble());
    } else {
      int i = rc.rng().nextInt(n);
      int j = rc.rng().nextInt(i + 1);
      a.set(i, j, Double.NaN);
      a.set(j, i, Double.NaN);
    }
    if (kind != 2) {
      assertNull(ReferenceLinalg.cholesky(a), "test matrix should not be positive definite");
    }
    Matrix l = a.copy();
    assertFalse(TestBackends.get(key).potrf(l), key + " accepted a non-positive-definite " + n + "x" + n + " matrix (kind " + kind + ")");
  }

  private void trsmCase(String key, long seed, int combo) {
    RandomCases rc = new RandomCases(seed * 31 + combo);
    int size = sizeClass(seed);
    int n = dim(rc, size), r = dim(rc, size);
    boolean left = (combo & 1) != 0, lower = (combo & 2) != 0, trans = (combo & 4) != 0;
    // A Cholesky factor of a well-conditioned SPD matrix: triangular and well-conditioned.
    Matrix spd = rc.spd(n, 0.5 + rc.rng().nextDouble());
    Matrix l = reference("trsm-factor" + combo, seed, () -> ReferenceLinalg.cholesky(spd));
    Matrix t = lower ? l : l.transpose();
    Matrix tIn = withGarbage(rc, t, lower);
    Matrix b = left ? rc.matrix(n, r) : rc.matrix(r, n);
    double alpha = rc.rng().nextBoolean() ? 1.0 : rc.rng().nextGaussian();
    Matrix ref = reference("trsm" + combo, seed, () -> ReferenceLinalg.trsm(left, lower, trans, alpha, t, b));
    String what = "trsm " + (left ? "left" : "right") + (lower ? " lower" : " upper") + (trans ? " trans" : "")
        + " n=" + n + " rhs=" + r + " alpha=" + alpha;
    checkAgainst(key, ref, what, be -> {
      Matrix x = b.copy();
      be.trsm(left, lower, trans, alpha, tIn, x);
      return x;
    });
  }

  /** All eight side/triangle/transpose combinations for every seed. */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("small")
  void trsmMatchesReferenceSmall(String key, long seed) {
    for (int combo = 0; combo < 8; combo++) trsmCase(key, seed, combo);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("medium")
  void trsmMatchesReferenceMedium(String key, long seed) {
    for (int combo = 0; combo < 8; combo++) trsmCase(key, seed, combo);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("large")
  void trsmMatchesReferenceAt600(String key, long seed) {
    trsmCase(key, seed, (int) (seed % 8));
  }
}
