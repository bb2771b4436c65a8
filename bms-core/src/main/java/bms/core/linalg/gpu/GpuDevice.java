package bms.core.linalg.gpu;

/**
 * The few device calls {@link CudaBackend} needs, with BLAS/LAPACK column-major conventions.
 * Keeping them behind this interface lets the row-major mapping, buffer reuse, residency and
 * error handling be tested on machines without a GPU (a host-side fake implements it there).
 *
 * <p>Host data crosses as row-major arrays: a row-major {@code rows x cols} array is, byte for
 * byte, the column-major {@code cols x rows} matrix that is its transpose.
 */
interface GpuDevice extends AutoCloseable {

  /** A one-line description (device name, memory, library versions) for logs and results. */
  String description();

  /** Allocates device memory for {@code doubles} values; throws GpuOutOfMemoryException. */
  DeviceBuffer allocate(long doubles);

  void free(DeviceBuffer buffer);

  /**
   * Copies the row-major {@code rows x cols} host array into {@code dst} (same layout); only the
   * entries of {@code region} need arrive. The host array may be reused once this returns.
   */
  void upload(double[] host, int rows, int cols, Region region, DeviceBuffer dst);

  /**
   * Copies {@code src} back into the row-major host array, writing zeros outside {@code region}.
   * Waits for all queued device work first.
   */
  void download(DeviceBuffer src, double[] host, int rows, int cols, Region region);

  /** Column-major {@code C = alpha op(A) op(B) + beta C}, C m x n, op(A) m x k (cublasDgemm). */
  void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DeviceBuffer a, int lda,
      DeviceBuffer b, int ldb, double beta, DeviceBuffer c, int ldc);

  /**
   * Column-major triangular solve in place of the m x n matrix B (cublasDtrsm, non-unit diagonal):
   * {@code op(A) X = alpha B} when {@code leftSide}, else {@code X op(A) = alpha B}; A is upper
   * triangular when {@code upper}.
   */
  void dtrsm(boolean leftSide, boolean upper, boolean transA, int m, int n, double alpha, DeviceBuffer a,
      int lda, DeviceBuffer b, int ldb);

  /**
   * Column-major Cholesky {@code A = U^T U} of the upper triangle, in place (cusolverDnDpotrf with
   * CUBLAS_FILL_MODE_UPPER). Returns LAPACK's info: 0 on success, i > 0 when the leading minor of
   * order i is not positive definite.
   */
  int dpotrfUpper(DeviceBuffer a, int n, int lda);

  @Override
  void close();
}
