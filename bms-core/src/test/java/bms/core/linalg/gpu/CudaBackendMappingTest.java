package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.EjmlBackend;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row-major to column-major mapping of every operation, checked against EJML with a fake
 * device that runs the column-major BLAS/LAPACK semantics on the host.
 */
class CudaBackendMappingTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  private static final EjmlBackend EJML = new EjmlBackend();

  static CudaBackend forced(FakeDevice dev) {
    return new CudaBackend(dev, GpuConfig.defaults().withMode(GpuConfig.Mode.FORCE), CountingBackend::new);
  }

  private static void assertClose(Matrix expected, Matrix actual, double tol, String what) {
    assertEquals(expected.rows(), actual.rows(), what + " rows");
    assertEquals(expected.cols(), actual.cols(), what + " cols");
    double scale = Math.max(1.0, expected.maxAbs());
    double diff = expected.maxAbsDiff(actual);
    assertTrue(diff <= tol * scale, what + ": max difference " + diff + " (scale " + scale + ")");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gemmMatchesEjmlForEveryTransposeAndScale(long seed) {
    RandomCases rc = new RandomCases(seed);
    boolean ta = rc.rng().nextBoolean();
    boolean tb = rc.rng().nextBoolean();
    int m = rc.dim(1, 9), n = rc.dim(1, 9), k = rc.dim(1, 9);
    Matrix a = ta ? rc.matrix(k, m) : rc.matrix(m, k);
    Matrix b = tb ? rc.matrix(n, k) : rc.matrix(k, n);
    double alpha = rc.uniform(1, 1, -2, 2).get(0, 0);
    double beta = rc.rng().nextInt(3) == 0 ? 0.0 : rc.uniform(1, 1, -2, 2).get(0, 0);
    Matrix c0 = beta == 0 ? Matrix.filled(m, n, Double.NaN) : rc.matrix(m, n);
    Matrix expected = beta == 0 ? new Matrix(m, n) : c0.copy();
    EJML.gemm(ta, tb, alpha, a, b, beta, expected);
    Matrix actual = c0.copy();
    try (CudaBackend gpu = forced(new FakeDevice())) {
      gpu.gemm(ta, tb, alpha, a, b, beta, actual);
      assertEquals(1, gpu.callCounts()[0], "the call must have gone to the device");
    }
    assertClose(expected, actual, 1e-12, "gemm ta=" + ta + " tb=" + tb);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void syrkWritesBothTriangles(long seed) {
    RandomCases rc = new RandomCases(seed);
    boolean ta = rc.rng().nextBoolean();
    int m = rc.dim(1, 9), k = rc.dim(1, 9);
    Matrix a = ta ? rc.matrix(k, m) : rc.matrix(m, k);
    double alpha = rc.uniform(1, 1, -2, 2).get(0, 0);
    double beta = rc.rng().nextBoolean() ? 0.0 : 0.7;
    Matrix c0 = beta == 0 ? Matrix.filled(m, m, Double.NaN) : rc.matrix(m, m);
    Matrix expected = beta == 0 ? new Matrix(m, m) : c0.copy();
    EJML.syrk(ta, alpha, a, beta, expected);
    Matrix actual = c0.copy();
    try (CudaBackend gpu = forced(new FakeDevice())) {
      gpu.syrk(ta, alpha, a, beta, actual);
    }
    assertClose(expected, actual, 1e-12, "syrk ta=" + ta);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void potrfGivesTheLowerFactorWithZerosAbove(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 14);
    Matrix a = rc.spd(n);
    // Only the lower triangle may be read: poison the strict upper triangle.
    Matrix input = a.copy();
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) input.set(i, j, 1e300);
    Matrix expected = a.copy();
    assertTrue(EJML.potrf(expected));
    try (CudaBackend gpu = forced(new FakeDevice())) {
      assertTrue(gpu.potrf(input));
    }
    assertClose(expected, input, 1e-12, "potrf");
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) assertEquals(0.0, input.get(i, j), "upper entry");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void potrfReportsIndefiniteMatrices(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 10);
    Matrix a = rc.spd(n);
    int i = rc.rng().nextInt(n);
    a.set(i, i, -1.0 - a.get(i, i)); // a negative diagonal entry: never positive definite
    try (CudaBackend gpu = forced(new FakeDevice())) {
      assertFalse(gpu.potrf(a));
      assertEquals(0, gpu.memory().residentCount(), "a failed factor must not stay resident");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void trsmMatchesEjmlOnEverySideTriangleAndTranspose(long seed) {
    RandomCases rc = new RandomCases(seed);
    boolean left = rc.rng().nextBoolean();
    boolean lower = rc.rng().nextBoolean();
    boolean trans = rc.rng().nextBoolean();
    int m = rc.dim(1, 9), n = rc.dim(1, 9);
    int order = left ? m : n;
    Matrix t = lower ? rc.lowerTriangular(order) : rc.upperTriangular(order);
    Matrix b = rc.matrix(m, n);
    double alpha = rc.uniform(1, 1, 0.5, 2).get(0, 0);
    Matrix expected = b.copy();
    EJML.trsm(left, lower, trans, alpha, t, expected);
    // The other triangle must not be read.
    Matrix poisoned = t.copy();
    for (int i = 0; i < order; i++) {
      for (int j = 0; j < order; j++) {
        if (lower ? j > i : j < i) poisoned.set(i, j, Double.NaN);
      }
    }
    Matrix actual = b.copy();
    try (CudaBackend gpu = forced(new FakeDevice())) {
      gpu.trsm(left, lower, trans, alpha, poisoned, actual);
    }
    assertClose(expected, actual, 1e-10, "trsm left=" + left + " lower=" + lower + " trans=" + trans);
  }

  @Test
  void shapeErrorsNameTheOperationAndShapes() {
    try (CudaBackend gpu = forced(new FakeDevice())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> gpu.gemm(false, false, 1, new Matrix(2, 3), new Matrix(4, 2), 0, new Matrix(2, 2)));
      assertTrue(e.getMessage().contains("gemm") && e.getMessage().contains("2x3"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> gpu.potrf(new Matrix(2, 3)));
      assertTrue(e.getMessage().contains("potrf") && e.getMessage().contains("2x3"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> gpu.trsm(true, true, false, 1, Matrix.identity(3), new Matrix(4, 2)));
      assertTrue(e.getMessage().contains("trsm") && e.getMessage().contains("4x2"), e.getMessage());
      Matrix c = new Matrix(3, 3);
      e = assertThrows(IllegalArgumentException.class, () -> gpu.gemm(false, false, 1, c, Matrix.identity(3), 0, c));
      assertTrue(e.getMessage().contains("share storage"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> gpu.syrk(false, 1, new Matrix(3, 2), 0, new Matrix(2, 2)));
      assertTrue(e.getMessage().contains("syrk") && e.getMessage().contains("3x3"), e.getMessage());
    }
  }

  @Test
  void emptyMatricesNeedNoDevice() {
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = forced(dev)) {
      gpu.gemm(false, false, 1, new Matrix(0, 3), new Matrix(3, 2), 0, new Matrix(0, 2));
      assertTrue(gpu.potrf(new Matrix(0, 0)));
      gpu.trsm(true, true, false, 1, new Matrix(0, 0), new Matrix(0, 5));
    }
    assertEquals(0, dev.uploads + dev.downloads);
    assertTrue(Arrays.asList(0L, 0L).equals(Arrays.asList(dev.allocated, (long) dev.live.size())));
  }
}
