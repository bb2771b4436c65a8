package bms.core.linalg.gpu;

import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_ALLOC_FAILED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_EXECUTION_FAILED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_INVALID_VALUE;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaErrorNoDevice;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_ALLOC_FAILED;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_INTERNAL_ERROR;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Status codes become exceptions that name the call and the status; failures leak nothing. */
class ErrorMappingTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @Test
  void successIsSilent() {
    assertDoesNotThrow(() -> CudaStatus.checkRuntime(0, "cudaMalloc"));
    assertDoesNotThrow(() -> CudaStatus.checkCublas(0, "cublasDgemm"));
    assertDoesNotThrow(() -> CudaStatus.checkCusolver(0, "cusolverDnDpotrf"));
  }

  @Test
  void allocationFailuresBecomeOutOfMemory() {
    CudaException e = assertThrows(CudaException.class, () -> CudaStatus.checkRuntime(cudaErrorMemoryAllocation, "cudaMalloc"));
    assertInstanceOf(GpuOutOfMemoryException.class, e);
    assertTrue(e.getMessage().contains("cudaMalloc") && e.getMessage().contains("out of GPU memory"), e.getMessage());
    assertInstanceOf(GpuOutOfMemoryException.class,
        assertThrows(CudaException.class, () -> CudaStatus.checkCublas(CUBLAS_STATUS_ALLOC_FAILED, "cublasCreate")));
    assertInstanceOf(GpuOutOfMemoryException.class, assertThrows(CudaException.class,
        () -> CudaStatus.checkCusolver(CUSOLVER_STATUS_ALLOC_FAILED, "cusolverDnCreate")));
  }

  @Test
  void otherFailuresNameTheCallTheStatusAndAHint() {
    CudaException e = assertThrows(CudaException.class, () -> CudaStatus.checkRuntime(cudaErrorNoDevice, "cudaSetDevice"));
    assertFalse(e instanceof GpuOutOfMemoryException);
    assertEquals(cudaErrorNoDevice, e.status());
    assertEquals("cudaSetDevice", e.call());
    assertTrue(e.getMessage().contains("cudaErrorNoDevice (100)") && e.getMessage().contains("no CUDA-capable GPU"),
        e.getMessage());
    e = assertThrows(CudaException.class, () -> CudaStatus.checkRuntime(cudaErrorInsufficientDriver, "cudaGetDeviceCount"));
    assertTrue(e.getMessage().contains("driver"), e.getMessage());
    e = assertThrows(CudaException.class, () -> CudaStatus.checkCublas(CUBLAS_STATUS_EXECUTION_FAILED, "cublasDgemm"));
    assertTrue(e.getMessage().contains("cublasDgemm failed: CUBLAS_STATUS_EXECUTION_FAILED (13)"), e.getMessage());
    e = assertThrows(CudaException.class, () -> CudaStatus.checkCusolver(CUSOLVER_STATUS_INTERNAL_ERROR, "cusolverDnDpotrf"));
    assertTrue(e.getMessage().contains("CUSOLVER_STATUS_INTERNAL_ERROR (7)"), e.getMessage());
    e = assertThrows(CudaException.class, () -> CudaStatus.checkRuntime(12345, "cudaFoo"));
    assertTrue(e.getMessage().contains("(12345)"), "unknown codes still show the number: " + e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aFailedBlasCallReleasesItsBuffersAndLeavesTheBackendUsable(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 8);
    FakeDevice dev = new FakeDevice();
    try (CudaBackend gpu = CudaBackendMappingTest.forced(dev)) {
      dev.failNextBlas = rc.rng().nextBoolean() ? CUBLAS_STATUS_EXECUTION_FAILED : CUBLAS_STATUS_INVALID_VALUE;
      Matrix a = rc.matrix(n, n);
      Matrix c = new Matrix(n, n);
      CudaException e = assertThrows(CudaException.class, () -> gpu.gemm(false, false, 1, a, a, 0, c));
      assertTrue(e.getMessage().startsWith("cublasDgemm failed"), e.getMessage());
      assertEquals(0, gpu.memory().residentCount());
      assertEquals(dev.live.size(), gpu.memory().freeCount(), "every live buffer is back on the free list");
      gpu.gemm(false, false, 1, a, a, 0, c); // and the next call works
      Matrix ref = new Matrix(n, n);
      new bms.core.linalg.EjmlBackend().gemm(false, false, 1, a, a, 0, ref);
      assertTrue(ref.maxAbsDiff(c) <= 1e-12 * Math.max(1, ref.maxAbs()));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void outOfMemoryFirstEvictsCachedResultsThenFailsClearly(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 8);
    FakeDevice dev = new FakeDevice();
    // Room for exactly three n x n buffers: one gemm's A, B and C.
    dev.capacityLimit = 3L * n * n;
    try (CudaBackend gpu = CudaBackendMappingTest.forced(dev)) {
      Matrix c1 = new Matrix(n, n);
      gpu.gemm(false, false, 1, rc.matrix(n, n), rc.matrix(n, n), 0, c1);
      // c1 stays resident and the inputs' buffers are cached; a second product must evict them.
      Matrix c2 = new Matrix(n, n);
      gpu.gemm(false, false, 1, rc.matrix(n, n), rc.matrix(n, n), 0, c2);
      assertTrue(dev.allocated <= dev.capacityLimit);
      // Four operands cannot fit at once: a clear exception, and no buffer leaked.
      Matrix big = rc.matrix(n, 4 * n);
      GpuOutOfMemoryException e = assertThrows(GpuOutOfMemoryException.class,
          () -> gpu.gemm(false, true, 1, big, big, 0, new Matrix(n, n)));
      assertTrue(e.getMessage().contains("not enough GPU memory") && e.getMessage().contains("bms.gpu=off"),
          e.getMessage());
    }
    assertEquals(0, dev.live.size());
  }
}
