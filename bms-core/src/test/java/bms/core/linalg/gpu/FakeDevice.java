package bms.core.linalg.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * A host-memory {@link GpuDevice} with textbook column-major BLAS/LAPACK loops, so that the row-
 * to column-major mapping, buffer reuse, residency and error paths of {@link CudaBackend} run on
 * machines without a GPU. Failures can be injected: an allocation limit and a status for the
 * next BLAS call.
 */
final class FakeDevice implements GpuDevice {
  static final class Buffer implements DeviceBuffer {
    final double[] data;
    boolean freed;

    Buffer(long n) {
      data = new double[(int) n];
    }

    @Override
    public long capacity() {
      return data.length;
    }
  }

  /** Total doubles that may be allocated at once; beyond it allocate throws out-of-memory. */
  long capacityLimit = Long.MAX_VALUE;
  /** When non-zero, the next dgemm/dtrsm fails with this cuBLAS status. */
  int failNextBlas;
  long allocated;
  int allocations;
  int uploads;
  int downloads;
  final List<Buffer> live = new ArrayList<>();
  boolean closed;

  @Override
  public String description() {
    return "fake device (host memory)";
  }

  @Override
  public DeviceBuffer allocate(long doubles) {
    if (allocated + doubles > capacityLimit) {
      CudaStatus.checkRuntime(org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation, "cudaMalloc");
    }
    allocated += doubles;
    allocations++;
    Buffer b = new Buffer(doubles);
    // Garbage, as in fresh device memory, so that reading unwritten entries shows up in results.
    java.util.Arrays.fill(b.data, Double.NaN);
    live.add(b);
    return b;
  }

  @Override
  public void free(DeviceBuffer buffer) {
    Buffer b = (Buffer) buffer;
    if (b.freed) throw new AssertionError("double free");
    b.freed = true;
    allocated -= b.capacity();
    live.remove(b);
  }

  private static double[] data(DeviceBuffer b) {
    Buffer fb = (Buffer) b;
    if (fb.freed) throw new AssertionError("use after free");
    return fb.data;
  }

  @Override
  public void upload(double[] host, int rows, int cols, Region region, DeviceBuffer dst) {
    uploads++;
    double[] d = data(dst);
    // Entries outside the region arrive as garbage, as they may on the device.
    region.forEachRun(rows, cols, 0, (long) rows * cols,
        (off, n) -> System.arraycopy(host, (int) off, d, (int) off, n),
        (off, n) -> java.util.Arrays.fill(d, (int) off, (int) off + n, Double.NaN));
  }

  @Override
  public void download(DeviceBuffer src, double[] host, int rows, int cols, Region region) {
    downloads++;
    double[] d = data(src);
    region.forEachRun(rows, cols, 0, (long) rows * cols,
        (off, n) -> System.arraycopy(d, (int) off, host, (int) off, n),
        (off, n) -> java.util.Arrays.fill(host, (int) off, (int) off + n, 0.0));
  }

  private void maybeFail(String call) {
    int s = failNextBlas;
    if (s != 0) {
      failNextBlas = 0;
      CudaStatus.checkCublas(s, call);
    }
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DeviceBuffer a, int lda,
      DeviceBuffer b, int ldb, double beta, DeviceBuffer c, int ldc) {
    maybeFail("cublasDgemm");
    double[] A = data(a), B = data(b), C = data(c);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double aip = transA ? A[p + i * lda] : A[i + p * lda];
          double bpj = transB ? B[j + p * ldb] : B[p + j * ldb];
          s += aip * bpj;
        }
        // BLAS: with beta == 0, C is not read (it may hold NaN).
        C[i + j * ldc] = beta == 0 ? alpha * s : alpha * s + beta * C[i + j * ldc];
      }
    }
  }

  @Override
  public void dtrsm(boolean leftSide, boolean upper, boolean transA, int m, int n, double alpha, DeviceBuffer a,
      int lda, DeviceBuffer b, int ldb) {
    maybeFail("cublasDtrsm");
    double[] A = data(a), B = data(b);
    int order = leftSide ? m : n;
    // op(A) as a dense matrix read only from the named triangle.
    double[][] op = new double[order][order];
    for (int i = 0; i < order; i++) {
      for (int j = 0; j < order; j++) {
        boolean inTri = upper ? j >= i : j <= i;
        double v = inTri ? A[i + j * lda] : 0.0;
        if (transA) op[j][i] = v;
        else op[i][j] = v;
      }
    }
    boolean opLower = upper == transA;
    if (leftSide) {
      // op(A) X = alpha B, column by column.
      for (int j = 0; j < n; j++) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) x[i] = alpha * B[i + j * ldb];
        solve(op, x, opLower);
        for (int i = 0; i < m; i++) B[i + j * ldb] = x[i];
      }
    } else {
      // X op(A) = alpha B  <=>  op(A)^T x_i = alpha b_i for each row i of B.
      double[][] opT = new double[n][n];
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) opT[i][j] = op[j][i];
      for (int i = 0; i < m; i++) {
        double[] x = new double[n];
        for (int j = 0; j < n; j++) x[j] = alpha * B[i + j * ldb];
        solve(opT, x, !opLower);
        for (int j = 0; j < n; j++) B[i + j * ldb] = x[j];
      }
    }
  }

  private static void solve(double[][] t, double[] x, boolean lower) {
    int n = x.length;
    if (lower) {
      for (int i = 0; i < n; i++) {
        double s = x[i];
        for (int j = 0; j < i; j++) s -= t[i][j] * x[j];
        x[i] = s / t[i][i];
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        double s = x[i];
        for (int j = i + 1; j < n; j++) s -= t[i][j] * x[j];
        x[i] = s / t[i][i];
      }
    }
  }

  @Override
  public int dpotrfUpper(DeviceBuffer a, int n, int lda) {
    double[] A = data(a);
    // Column-major upper Cholesky A = U^T U, reading and writing only j >= i.
    for (int j = 0; j < n; j++) {
      double s = A[j + j * lda];
      for (int p = 0; p < j; p++) s -= A[p + j * lda] * A[p + j * lda];
      if (!(s > 0)) return j + 1;
      double ujj = Math.sqrt(s);
      A[j + j * lda] = ujj;
      for (int c = j + 1; c < n; c++) {
        double v = A[j + c * lda];
        for (int p = 0; p < j; p++) v -= A[p + j * lda] * A[p + c * lda];
        A[j + c * lda] = v / ujj;
      }
    }
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }
}
