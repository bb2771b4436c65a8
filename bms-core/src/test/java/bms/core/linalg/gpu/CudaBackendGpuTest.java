package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bms.core.linalg.EjmlBackend;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real device against EJML; every test is skipped (not passed) where no GPU can be used. */
class CudaBackendGpuTest {
  private static CudaBackend gpu;
  private static final EjmlBackend EJML = new EjmlBackend();

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** Each test is reported as skipped, one by one, where no GPU can be used. */
  @BeforeEach
  void open() {
    String why = CudaBackend.unavailableReason();
    assumeTrue(why == null, "no usable GPU: " + why);
    if (gpu == null) {
      gpu = CudaBackend.open(GpuConfig.defaults().withMode(GpuConfig.Mode.FORCE), EjmlBackend::new);
    }
  }

  @AfterAll
  static void close() {
    if (gpu != null) gpu.close();
  }

  private static void assertClose(Matrix expected, Matrix actual, String what) {
    double diff = expected.maxAbsDiff(actual);
    assertTrue(diff <= 1e-10 * Math.max(1, expected.maxAbs()), what + ": max difference " + diff);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gemmAndSyrkMatchEjml(long seed) {
    RandomCases rc = new RandomCases(seed);
    boolean ta = rc.rng().nextBoolean(), tb = rc.rng().nextBoolean();
    int m = rc.dim(1, 90), n = rc.dim(1, 90), k = rc.dim(1, 90);
    Matrix a = ta ? rc.matrix(k, m) : rc.matrix(m, k);
    Matrix b = tb ? rc.matrix(n, k) : rc.matrix(k, n);
    Matrix c0 = rc.matrix(m, n);
    double beta = rc.rng().nextBoolean() ? 0 : 0.5;
    Matrix expected = c0.copy();
    EJML.gemm(ta, tb, 1.3, a, b, beta, expected);
    Matrix actual = c0.copy();
    gpu.gemm(ta, tb, 1.3, a, b, beta, actual);
    assertClose(expected, actual, "gemm");
    Matrix s = new Matrix(m, m);
    Matrix sRef = new Matrix(m, m);
    Matrix x = rc.matrix(m, k);
    gpu.syrk(false, 0.7, x, 0, s);
    EJML.syrk(false, 0.7, x, 0, sRef);
    assertClose(sRef, s, "syrk");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void potrfThenTrsmMatchEjmlAcrossStagingChunks(long seed) {
    RandomCases rc = new RandomCases(seed);
    // Some sizes cross the 2^21-value staging chunk, so the pipelined path is exercised too.
    int n = seed % 10 == 0 ? 1450 + rc.dim(0, 100) : rc.dim(1, 120);
    Matrix a = rc.spd(Math.min(n, 200));
    if (n > 200) a = bigSpd(n, rc);
    Matrix l = a.copy();
    Matrix lRef = a.copy();
    assertTrue(gpu.potrf(l));
    assertTrue(EJML.potrf(lRef));
    assertClose(lRef, l, "potrf");
    int nrhs = rc.dim(1, 40);
    boolean left = rc.rng().nextBoolean(), trans = rc.rng().nextBoolean();
    Matrix b = left ? rc.matrix(l.rows(), nrhs) : rc.matrix(nrhs, l.rows());
    Matrix x = b.copy(), xRef = b.copy();
    gpu.trsm(left, true, trans, 1.0, l, x);
    EJML.trsm(left, true, trans, 1.0, lRef, xRef);
    assertClose(xRef, x, "trsm");
  }

  private static Matrix bigSpd(int n, RandomCases rc) {
    Matrix g = rc.matrix(n, 8);
    Matrix a = new Matrix(n, n);
    EJML.syrk(false, 1.0, g, 0, a);
    for (int i = 0; i < n; i++) a.set(i, i, a.get(i, i) + n);
    return a;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void indefiniteMatricesReturnFalse(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 60);
    Matrix a = rc.spd(n);
    int i = rc.rng().nextInt(n);
    a.set(i, i, -1);
    assertFalse(gpu.potrf(a));
    assertEquals(gpu.callCounts()[1], 0, "every call ran on the device");
  }
}
