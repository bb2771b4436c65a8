package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Calls go to the device exactly when their size (geometric-mean dimension) reaches the threshold. */
class ThresholdDispatchTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void eachOperationGoesWhereItsFlopCountSays(long seed) {
    RandomCases rc = new RandomCases(seed);
    int threshold = rc.dim(2, 10);
    int m = rc.dim(1, 16), n = rc.dim(1, 16), k = rc.dim(1, 16);
    CountingBackend cpu = new CountingBackend();
    FakeDevice dev = new FakeDevice();
    double limit = (double) threshold * threshold * threshold; // on the volume: size^3
    try (CudaBackend gpu = new CudaBackend(dev, GpuConfig.defaults().withThreshold(threshold), () -> cpu)) {
      int expectedGpu = 0;
      int expectedCpu = 0;

      gpu.gemm(false, false, 1, rc.matrix(m, k), rc.matrix(k, n), 0, new Matrix(m, n));
      if ((double) m * n * k >= limit) expectedGpu++;
      else expectedCpu++;

      gpu.syrk(false, 1, rc.matrix(m, k), 0, new Matrix(m, m));
      if ((double) m * m * k >= limit) expectedGpu++;
      else expectedCpu++;

      gpu.potrf(rc.spd(n));
      if (n >= threshold) expectedGpu++;
      else expectedCpu++;

      boolean left = rc.rng().nextBoolean();
      int order = left ? m : n;
      gpu.trsm(left, true, false, 1, rc.lowerTriangular(order), rc.matrix(m, n));
      if ((double) order * order * (left ? n : m) >= limit) expectedGpu++;
      else expectedCpu++;

      long[] counts = gpu.callCounts();
      assertEquals(expectedGpu, counts[0], "device calls");
      assertEquals(expectedCpu, counts[1], "cpu calls");
      assertEquals(expectedCpu, cpu.calls, "calls seen by the CPU backend");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void offModeNeverUsesTheDeviceAndForceAlwaysDoes(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 12);
    GpuConfig.Mode mode = rc.rng().nextBoolean() ? GpuConfig.Mode.OFF : GpuConfig.Mode.FORCE;
    CountingBackend cpu = new CountingBackend();
    FakeDevice dev = new FakeDevice();
    GpuConfig cfg = GpuConfig.defaults().withMode(mode).withThreshold(rc.dim(0, 3));
    try (CudaBackend gpu = new CudaBackend(dev, cfg, () -> cpu)) {
      Matrix a = rc.spd(n);
      assertTrue(gpu.potrf(a));
      gpu.trsm(true, true, false, 1, a, rc.matrix(n, 2));
      gpu.gemm(false, true, 1, a, a, 0, new Matrix(n, n));
      int onCpu = mode == GpuConfig.Mode.OFF ? 3 : 0;
      assertEquals(onCpu, cpu.calls);
      assertEquals(3 - onCpu, gpu.callCounts()[0]);
      assertEquals(mode == GpuConfig.Mode.OFF, dev.uploads == 0);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sizeIsTheGeometricMeanAndExactOnCubes(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 20000);
    assertEquals(n, GpuConfig.size((double) n * n * n), "an n x n x n product has size n");
    double v1 = Math.pow(10, 12 * rc.rng().nextDouble());
    double v2 = v1 * (1 + rc.rng().nextDouble());
    assertTrue(GpuConfig.size(v2) >= GpuConfig.size(v1), "more work is never smaller");
    assertEquals(Math.cbrt(v1), GpuConfig.size(v1), 1e-9 * Math.cbrt(v1));
    GpuConfig cfg = GpuConfig.defaults().withThreshold(rc.dim(0, 3000));
    assertEquals(n >= cfg.threshold(), cfg.worthOffloading(n));
  }
}
