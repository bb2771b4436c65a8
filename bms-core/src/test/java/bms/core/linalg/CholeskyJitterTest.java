package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Cholesky#factor} retries with growing jitter and fails with a clear error. */
class CholeskyJitterTest {
  static Stream<Arguments> cases() {
    return TestBackends.cross(RandomCases.seeds(50));
  }

  /** X X^T with X of rank r < n and one zero row: PSD, and exactly singular at that pivot. */
  private static Matrix singularPsd(RandomCases rc, int n) {
    int r = rc.dim(1, n - 1);
    Matrix x = rc.matrix(n, r);
    int zero = rc.rng().nextInt(n);
    for (int j = 0; j < r; j++) x.set(zero, j, 0.0);
    return ReferenceLinalg.gemm(false, true, 1.0, x, x, 0.0, null);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void singularPsdMatrixSucceedsAfterRetriesWithPositiveJitter(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, rc.rng().nextBoolean() ? 20 : 150);
    Matrix a = singularPsd(rc, n);
    long before = Cholesky.retryCount();
    Cholesky.Result res = Cholesky.factor(a, "Kuu", JitterPolicy.NONE_FIRST, TestBackends.get(key));
    assertTrue(res.jitter() > 0, "a singular matrix needs jitter, got " + res.jitter());
    assertTrue(Cholesky.retryCount() > before, "the retry was not counted");
    // L L^T reproduces A + jitter I.
    Matrix llt = ReferenceLinalg.gemm(false, true, 1.0, res.factor(), res.factor(), 0.0, null);
    Matrix target = a.copy();
    for (int i = 0; i < n; i++) target.set(i, i, target.get(i, i) + res.jitter());
    double err = ReferenceLinalg.relErr(llt, target);
    assertTrue(err < 1e-10, "L L^T differs from A + jitter I by " + err);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) assertEquals(0.0, res.factor().get(i, j), "upper triangle of L");
    }
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void positiveDefiniteMatrixUsesOnlyTheInitialJitter(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 60);
    Matrix a = rc.spd(n);
    double meanDiag = 0;
    for (int i = 0; i < n; i++) meanDiag += a.get(i, i) / n;
    JitterPolicy policy = new JitterPolicy(1e-6 * (1 + rc.rng().nextInt(100)), 1e-6, 10, 3);
    Cholesky.Result res = Cholesky.factor(a, "K", policy, TestBackends.get(key));
    assertEquals(policy.initialRelative() * meanDiag, res.jitter(), 1e-15 * meanDiag);
  }

  /**
   * An SPD matrix minus c u u^T has a negative eigenvalue far below any jitter the policy
   * tries, while its mean diagonal stays positive: every retry fails.
   */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void indefiniteMatrixFailsNamingMatrixSizeAndJitter(String key, long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(20, rc.rng().nextBoolean() ? 40 : 150);
    Matrix a = rc.spd(n, 1.0);
    Matrix u = rc.matrix(n, 1);
    double norm2 = 0;
    for (double v : u.data()) norm2 += v * v;
    // The eigenvalues of a are below 5 and the jitter stays below 0.2, so c > 15 leaves one
    // clearly negative; the mean diagonal (about 2) drops by c / n <= 1 and stays positive.
    double c = 0.5 * n + 10;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) a.set(i, j, a.get(i, j) - c * u.get(i, 0) * u.get(j, 0) / norm2);
    }
    String name = "Kuu[layer " + rc.rng().nextInt(5) + "]";
    JitterPolicy policy = JitterPolicy.DEFAULT;
    CholeskyFailedException e = assertThrows(CholeskyFailedException.class,
        () -> Cholesky.factor(a, name, policy, TestBackends.get(key)));
    assertEquals(name, e.matrixName());
    assertEquals(n, e.size());
    assertTrue(e.lastJitter() > 0, "last jitter " + e.lastJitter());
    String msg = e.getMessage();
    assertTrue(msg.contains(name), msg);
    assertTrue(msg.contains(n + "x" + n), msg);
    assertTrue(msg.contains(String.valueOf(e.lastJitter())), msg);
    assertTrue(msg.contains((policy.maxRetries() + 1) + " attempts"), msg);
  }
}
