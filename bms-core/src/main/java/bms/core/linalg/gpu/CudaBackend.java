package bms.core.linalg.gpu;

import bms.core.linalg.LinalgBackend;
import bms.core.linalg.Shapes;
import bms.core.matrix.Matrix;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link LinalgBackend} on cuBLAS and cuSOLVER, for the large products, Cholesky factorisations
 * and triangular solves of GP models with many inducing points. Calls below the size threshold of
 * {@link GpuConfig} go to a CPU backend, where transfers would cost more than they save.
 *
 * <p>No data is rearranged for the GPU: a row-major {@code r x c} host matrix X is, as it lies in
 * memory, the column-major {@code c x r} matrix X^T, so every row-major operation is performed as
 * the column-major operation on transposes:
 *
 * <ul>
 *   <li>gemm: {@code C = op(A) op(B)} becomes {@code C^T = op(B)^T op(A)^T};
 *   <li>potrf: the row-major lower triangle of A is the column-major upper triangle of A^T = A, and
 *       cuSOLVER's {@code A = U^T U} there gives {@code L = U^T} in row-major terms;
 *   <li>trsm: {@code op(T) X = B} becomes {@code X^T op(T)^T = B^T}: the side flips, a lower T is an
 *       upper T^T, and the transpose flag stays.
 * </ul>
 *
 * <p>Results stay on the device (see {@link DeviceMemory}) so that a following operation on the
 * same Matrix object, such as a solve against the factor just computed, does not upload it again.
 * Device work is serialised by one lock; the backend is safe to share between threads.
 */
public final class CudaBackend implements LinalgBackend, AutoCloseable {
  /** Results kept on the device for reuse by the next operations. */
  static final int MAX_RESIDENTS = 4;

  private final GpuDevice device;
  private final GpuConfig config;
  private final Supplier<LinalgBackend> cpuSupplier;
  private final DeviceMemory memory;
  private volatile LinalgBackend cpu;
  private long gpuCalls;
  private long cpuCalls;
  private boolean closed;

  CudaBackend(GpuDevice device, GpuConfig config, Supplier<LinalgBackend> cpu) {
    this.device = Objects.requireNonNull(device, "device");
    this.config = Objects.requireNonNull(config, "config");
    this.cpuSupplier = Objects.requireNonNull(cpu, "cpu");
    this.memory = new DeviceMemory(device, config.reuse(), MAX_RESIDENTS);
  }

  /**
   * Opens CUDA device 0. {@code cpu} supplies the backend for calls below the threshold (asked
   * for on the first such call).
   *
   * @throws CudaException when the CUDA libraries or a device are missing
   */
  public static CudaBackend open(GpuConfig config, Supplier<LinalgBackend> cpu) {
    return new CudaBackend(CudaDevice.open(config.copyThreads()), config, cpu);
  }

  /** Null when a CUDA device can be used here, else the reason it cannot. */
  public static String unavailableReason() {
    return CudaDevice.probe();
  }

  @Override
  public String name() {
    return "cuda";
  }

  /** The device in use, for logs and benchmark results. */
  public String deviceDescription() {
    return device.description();
  }

  public GpuConfig config() {
    return config;
  }

  /** The backend used below the threshold. */
  public LinalgBackend cpu() {
    LinalgBackend c = cpu;
    if (c == null) {
      synchronized (this) {
        if (cpu == null) cpu = Objects.requireNonNull(cpuSupplier.get(), "CPU backend");
        c = cpu;
      }
    }
    return c;
  }

  /** Calls that ran on the GPU and on the CPU so far. */
  public synchronized long[] callCounts() {
    return new long[] {gpuCalls, cpuCalls};
  }

  /** Host-to-device uploads of whole operands so far (reused device copies are not counted). */
  public synchronized long uploads() {
    return memory.uploads();
  }

  /** Operands found already on the device so far. */
  public synchronized long reuses() {
    return memory.hits();
  }

  GpuDevice device() {
    return device;
  }

  synchronized DeviceMemory memory() {
    return memory;
  }

  @Override
  public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    Shapes.checkGemm(transA, transB, a, b, c);
    int m = c.rows();
    int n = c.cols();
    int k = transA ? a.rows() : a.cols();
    if (m == 0 || n == 0) return;
    if (k == 0 || !config.worthOffloading(GpuConfig.size((double) m * n * k))) {
      onCpu(c);
      cpu().gemm(transA, transB, alpha, a, b, beta, c);
      return;
    }
    synchronized (this) {
      deviceGemm(transA, transB, alpha, a, b, beta, c);
    }
  }

  @Override
  public void syrk(boolean transA, double alpha, Matrix a, double beta, Matrix c) {
    Shapes.checkSyrk(transA, a, c);
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    if (m == 0) return;
    if (k == 0 || !config.worthOffloading(GpuConfig.size((double) m * m * k))) {
      onCpu(c);
      cpu().syrk(transA, alpha, a, beta, c);
      return;
    }
    // As a product with itself: cuBLAS dsyrk writes one triangle only, and both are wanted.
    synchronized (this) {
      deviceGemm(transA, !transA, alpha, a, a, beta, c);
    }
  }

  private void deviceGemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    ensureOpen();
    gpuCalls++;
    int m = c.rows();
    int n = c.cols();
    int k = transA ? a.rows() : a.cols();
    try (DeviceMemory.Operand da = memory.input(a, Region.FULL);
        DeviceMemory.Operand db = b == a ? null : memory.input(b, Region.FULL)) {
      DeviceBuffer bb = db == null ? da.buffer : db.buffer;
      DeviceBuffer dc = memory.takeForUpdate(c, beta != 0.0);
      boolean done = false;
      try {
        // Column-major: C^T (n x m) = alpha op(B)^T op(A)^T + beta C^T; the buffers of B and A
        // are B^T and A^T, so op(B)^T is the B buffer transposed exactly when transB.
        device.dgemm(transB, transA, n, m, k, alpha, bb, b.cols(), da.buffer, a.cols(), beta, dc, n);
        device.download(dc, c.data(), m, n, Region.FULL);
        done = true;
      } finally {
        if (done) memory.remember(c, Region.FULL, dc);
        else memory.release(dc);
      }
    }
  }

  @Override
  public boolean potrf(Matrix a) {
    Shapes.checkSquare("potrf", a);
    int n = a.rows();
    if (n == 0) return true;
    if (!config.worthOffloading(n)) {
      onCpu(a);
      return cpu().potrf(a);
    }
    synchronized (this) {
      ensureOpen();
      gpuCalls++;
      memory.forget(a);
      DeviceBuffer da = memory.acquire((long) n * n);
      boolean kept = false;
      try {
        memory.upload(a, Region.LOWER, da);
        // Row-major lower = column-major upper: A = U^T U there is A = L L^T here, L = U^T.
        int info = device.dpotrfUpper(da, n, n);
        if (info != 0) {
          return false; // not positive definite: Cholesky's jitter retries take over
        }
        double[] d = a.data();
        device.download(da, d, n, n, Region.LOWER);
        for (int i = 0; i < n; i++) {
          double v = d[i * n + i];
          if (!(v > 0) || !Double.isFinite(v)) return false; // NaN input slips past info
        }
        memory.remember(a, Region.LOWER, da);
        kept = true;
        return true;
      } finally {
        if (!kept) memory.release(da);
      }
    }
  }

  @Override
  public void trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    Shapes.checkTrsm(left, t, b);
    int m = b.rows();
    int n = b.cols();
    if (m == 0 || n == 0) return;
    double volume = left ? (double) m * m * n : (double) n * n * m;
    if (!config.worthOffloading(GpuConfig.size(volume))) {
      onCpu(b);
      cpu().trsm(left, lower, transT, alpha, t, b);
      return;
    }
    synchronized (this) {
      ensureOpen();
      gpuCalls++;
      try (DeviceMemory.Operand dt = memory.input(t, lower ? Region.LOWER : Region.UPPER)) {
        DeviceBuffer db = memory.takeForUpdate(b, true);
        boolean done = false;
        try {
          // Column-major: X^T op(T)^T = alpha B^T (left) or op(T)^T X^T = alpha B^T (right); the
          // buffer of T is T^T, upper when T is lower, and op(T)^T is that buffer op'd by transT.
          device.dtrsm(!left, lower, transT, n, m, alpha, dt.buffer, t.cols(), db, n);
          device.download(db, b.data(), m, n, Region.FULL);
          done = true;
        } finally {
          if (done) memory.remember(b, Region.FULL, db);
          else memory.release(db);
        }
      }
    }
  }

  /** A CPU call is about to overwrite {@code out}: any device copy of it becomes stale. */
  private void onCpu(Matrix out) {
    synchronized (this) {
      cpuCalls++;
      if (memory.residentCount() > 0) memory.forget(out);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the CUDA backend has been closed");
  }

  /** Frees device memory and the CUDA handles; later calls fail. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    memory.clear();
    device.close();
  }
}
