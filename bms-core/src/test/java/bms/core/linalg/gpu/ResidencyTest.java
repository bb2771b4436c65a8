package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.Cholesky;
import bms.core.linalg.EjmlBackend;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results stay on the device for the next operation on the same Matrix (the SVGP chain: factor
 * Kuu, solve against Kuf, then A A^T), and only while they are still the host's values.
 */
class ResidencyTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static final EjmlBackend EJML = new EjmlBackend();

  private static CudaBackend backend(FakeDevice dev, boolean reuse) {
    return new CudaBackend(dev, GpuConfig.defaults().withMode(GpuConfig.Mode.FORCE).withReuse(reuse),
        CountingBackend::new);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void factorSolveAndProductUploadEachOperandOnce(long seed) {
    RandomCases rc = new RandomCases(seed);
    int m = rc.dim(1, 10), n = rc.dim(1, 10);
    Matrix kuu = rc.spd(m);
    Matrix kuf = rc.matrix(m, n);
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = backend(dev, true)) {
      Matrix l = kuu.copy();
      assertTrue(gpu.potrf(l));
      Matrix a = kuf.copy();
      gpu.trsm(true, true, false, 1, l, a); // A = L^-1 Kuf: L is on the device already
      Matrix aat = new Matrix(m, m);
      gpu.syrk(false, 1, a, 0, aat); // A A^T: A is on the device already
      assertEquals(2, gpu.uploads(), "Kuu and Kuf only");
      assertEquals(2, gpu.reuses(), "L and A reused");

      Matrix lRef = kuu.copy();
      EJML.potrf(lRef);
      Matrix aRef = kuf.copy();
      EJML.trsm(true, true, false, 1, lRef, aRef);
      Matrix aatRef = new Matrix(m, m);
      EJML.syrk(false, 1, aRef, 0, aatRef);
      assertTrue(aatRef.maxAbsDiff(aat) <= 1e-10 * Math.max(1, aatRef.maxAbs()), "A A^T differs");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aFactorEditedInPlaceIsUploadedAgain(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 10);
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = backend(dev, true)) {
      Matrix l = rc.spd(n);
      assertTrue(gpu.potrf(l));
      // Scale the factor in place: every sampled entry changes.
      double s = 1.5 + rc.rng().nextDouble();
      double[] d = l.data();
      for (int i = 0; i < d.length; i++) d[i] *= s;
      Matrix b = rc.matrix(n, 3);
      Matrix expected = b.copy();
      EJML.trsm(true, true, true, 1, l, expected);
      gpu.trsm(true, true, true, 1, l, b);
      assertEquals(0, gpu.reuses(), "a stale factor must not be reused");
      assertTrue(expected.maxAbsDiff(b) <= 1e-10 * Math.max(1, expected.maxAbs()));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theOtherTriangleOfAFactorIsNeverTakenFromTheDevice(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 10);
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = backend(dev, true)) {
      Matrix l = rc.spd(n);
      assertTrue(gpu.potrf(l));
      // Read the factor's upper triangle (zeros on the host, the input's values on the device)
      // and use the whole factor in a product: both need a fresh upload.
      Matrix lt = l.transpose();
      Matrix b = rc.matrix(n, 2);
      Matrix expected = b.copy();
      EJML.trsm(true, false, false, 1, l, expected); // upper triangle of l is 0 except diagonal
      gpu.trsm(true, false, false, 1, l, b);
      Matrix p = new Matrix(n, n);
      gpu.gemm(false, false, 1, l, lt, 0, p);
      Matrix pRef = new Matrix(n, n);
      EJML.gemm(false, false, 1, l, lt, 0, pRef);
      assertEquals(0, gpu.reuses());
      assertTrue(expected.maxAbsDiff(b) <= 1e-10 * Math.max(1, expected.maxAbs()));
      assertTrue(pRef.maxAbsDiff(p) <= 1e-10 * Math.max(1, pRef.maxAbs()));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void withReuseOffEveryOperandIsUploaded(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 8);
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = backend(dev, false)) {
      Matrix l = rc.spd(n);
      assertTrue(gpu.potrf(l));
      gpu.trsm(true, true, false, 1, l, rc.matrix(n, 2));
      assertEquals(3, gpu.uploads());
      assertEquals(0, gpu.reuses());
      assertEquals(0, gpu.memory().residentCount());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aCpuCallOverwritingAResidentDropsIt(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 6);
    FakeDevice dev = new FakeDevice();
    CountingBackend cpu = new CountingBackend();
    // Threshold between the sizes: n x n x 1 products on the CPU, the n x n x 64 product on the GPU.
    GpuConfig cfg = GpuConfig.defaults().withThreshold((int) Math.ceil(Math.cbrt(n * n * 32.0)));
    try (CudaBackend gpu = new CudaBackend(dev, cfg, () -> cpu)) {
      Matrix c = new Matrix(n, n);
      gpu.gemm(false, false, 1, rc.matrix(n, 64), rc.matrix(64, n), 0, c);
      assertEquals(1, gpu.memory().residentCount());
      gpu.gemm(false, false, 1, rc.matrix(n, 1), rc.matrix(1, n), 0, c); // small: CPU overwrites c
      assertEquals(1, cpu.calls);
      assertEquals(0, gpu.memory().residentCount(), "the device copy of c is stale now");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void repeatedCallsReuseFreedBuffersInsteadOfAllocating(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 8);
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = backend(dev, true)) {
      for (int rep = 0; rep < 12; rep++) {
        Matrix a = rc.matrix(n, n);
        gpu.gemm(false, true, 1, a, a, 0, new Matrix(n, n));
      }
      // Residents (at most 4) and the free list (at most 4) bound what is ever allocated.
      assertTrue(dev.allocations <= CudaBackend.MAX_RESIDENTS + DeviceMemory.MAX_FREE + 2,
          "allocations: " + dev.allocations);
      assertTrue(dev.live.size() <= CudaBackend.MAX_RESIDENTS + DeviceMemory.MAX_FREE);
    }
    assertEquals(0, dev.live.size(), "close frees everything");
  }

  @Test
  void anIndefiniteMatrixGoesThroughTheJitterRetries() {
    // A = v v^T is singular: the first attempt fails on the device, a jittered one succeeds.
    int n = 6;
    Matrix v = Matrix.column(1, 2, 3, 4, 5, 6);
    Matrix a = new Matrix(n, n);
    new EjmlBackend().gemm(false, true, 1, v, v, 0, a);
    try (CudaBackend gpu = backend(new FakeDevice(), true)) {
      long before = Cholesky.retryCount();
      Cholesky.Result r = Cholesky.factor(a, "vv^T", JitterPolicy.NONE_FIRST, gpu);
      assertTrue(r.jitter() > 0, "jitter was needed");
      assertTrue(Cholesky.retryCount() > before, "a retry was logged");
      Matrix back = new Matrix(n, n);
      new EjmlBackend().gemm(false, true, 1, r.factor(), r.factor(), 0, back);
      for (int i = 0; i < n; i++) a.set(i, i, a.get(i, i) + r.jitter());
      assertTrue(back.maxAbsDiff(a) < 1e-9 * a.maxAbs());
    }
  }
}
