package bms.core.linalg.gpu;

import static bms.core.linalg.gpu.CudaStatus.checkCublas;
import static bms.core.linalg.gpu.CudaStatus.checkCusolver;
import static bms.core.linalg.gpu.CudaStatus.checkRuntime;
import static org.bytedeco.cuda.global.cublas.CUBLAS_DIAG_NON_UNIT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_LOWER;
import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_UPPER;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_LEFT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_RIGHT;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaEventDisableTiming;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cusolver;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The real {@link GpuDevice}: cuBLAS and cuSOLVER on CUDA device 0 through JavaCPP's CUDA presets,
 * which bind to the CUDA 13 libraries installed on the machine.
 *
 * <p>Transfers go through a few pinned staging slots: Java arrays cannot be handed to the DMA
 * engine, so each chunk is copied (by several threads) into page-locked memory and sent with an
 * asynchronous copy while the next chunk is being staged. All work runs on one stream, in order.
 */
final class CudaDevice implements GpuDevice {
  /** Doubles per staging slot (16 MiB). */
  static final int CHUNK = 1 << 21;
  private static final int SLOTS = 3;
  /** Below this many values a chunk is copied by the calling thread alone. */
  private static final int PARALLEL_MIN = 1 << 16;

  private static String probeResult;
  private static boolean probed;

  private final String description;
  private final CUstream_st stream;
  private final cublasContext blas;
  private final cusolverDnContext solver;
  private final DoublePointer alpha = new DoublePointer(1);
  private final DoublePointer beta = new DoublePointer(1);
  private final IntPointer lwork = new IntPointer(1);
  private final IntPointer hostInfo = new IntPointer(1);
  private final IntPointer deviceInfo;
  private CudaBuffer workspace;
  private DoublePointer[] staging;
  private CUevent_st[] slotDone;
  private ExecutorService copyPool;
  private int copyThreads;
  private boolean closed;

  private static final class CudaBuffer implements DeviceBuffer {
    final DoublePointer ptr;
    final long capacity;

    CudaBuffer(DoublePointer ptr, long capacity) {
      this.ptr = ptr;
      this.capacity = capacity;
    }

    @Override
    public long capacity() {
      return capacity;
    }
  }

  /** A pointer at a raw device or host address (JavaCPP's position arithmetic is not used). */
  private static final class Address extends Pointer {
    Address(long address) {
      this.address = address;
    }
  }

  /**
   * Null when the CUDA libraries load and a device is visible, else the reason they cannot be
   * used. Loads the native libraries once per process.
   */
  static synchronized String probe() {
    if (!probed) {
      probed = true;
      probeResult = doProbe();
    }
    return probeResult;
  }

  private static String doProbe() {
    try {
      Loader.load(cudart.class);
      Loader.load(cublas.class);
      Loader.load(cusolver.class);
    } catch (LinkageError | RuntimeException e) {
      return "CUDA libraries could not be loaded (" + rootMessage(e) + ")";
    }
    try {
      int[] count = new int[1];
      int status = cudart.cudaGetDeviceCount(count);
      if (status != cudaSuccess) {
        return "no usable CUDA device: cudaGetDeviceCount returned " + CudaStatus.runtimeName(status);
      }
      if (count[0] == 0) {
        return "no CUDA device";
      }
      return null;
    } catch (LinkageError | RuntimeException e) {
      return "CUDA runtime failed (" + rootMessage(e) + ")";
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }

  /** Opens device 0; throws CudaException (with the reason) when CUDA cannot be used. */
  static CudaDevice open(int copyThreads) {
    String why = probe();
    if (why != null) {
      throw new CudaException("cudaGetDeviceCount", -1, why);
    }
    return new CudaDevice(copyThreads);
  }

  private CudaDevice(int copyThreads) {
    checkRuntime(cudart.cudaSetDevice(0), "cudaSetDevice");
    cudaDeviceProp prop = new cudaDeviceProp();
    checkRuntime(cudart.cudaGetDeviceProperties(prop, 0), "cudaGetDeviceProperties");
    int[] driver = new int[1];
    int[] runtime = new int[1];
    checkRuntime(cudart.cudaDriverGetVersion(driver), "cudaDriverGetVersion");
    checkRuntime(cudart.cudaRuntimeGetVersion(runtime), "cudaRuntimeGetVersion");
    description = String.format("%s, %.1f GiB, compute %d.%d, %d SMs, driver CUDA %s, runtime CUDA %s",
        prop.name().getString().trim(), prop.totalGlobalMem() / (double) (1L << 30), prop.major(), prop.minor(),
        prop.multiProcessorCount(), version(driver[0]), version(runtime[0]));
    prop.close();

    stream = new CUstream_st();
    checkRuntime(cudart.cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    blas = new cublasContext();
    checkCublas(cublas.cublasCreate_v2(blas), "cublasCreate");
    checkCublas(cublas.cublasSetStream_v2(blas, stream), "cublasSetStream");
    solver = new cusolverDnContext();
    checkCusolver(cusolver.cusolverDnCreate(solver), "cusolverDnCreate");
    checkCusolver(cusolver.cusolverDnSetStream(solver, stream), "cusolverDnSetStream");
    deviceInfo = new IntPointer();
    checkRuntime(cudart.cudaMalloc(deviceInfo, 4), "cudaMalloc");
    setCopyThreads(copyThreads);
  }

  private static String version(int v) {
    return (v / 1000) + "." + (v % 1000) / 10;
  }

  /** Replaces the pool of threads that copy between Java arrays and pinned memory. */
  synchronized void setCopyThreads(int threads) {
    if (threads < 1) throw new IllegalArgumentException("copy threads must be >= 1, got " + threads);
    if (copyPool != null) copyPool.shutdown();
    copyThreads = threads;
    AtomicInteger id = new AtomicInteger();
    copyPool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bms-gpu-copy-" + id.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public DeviceBuffer allocate(long doubles) {
    DoublePointer p = new DoublePointer();
    int status = cudart.cudaMalloc(p, doubles * 8);
    if (status == cudaErrorMemoryAllocation) {
      cudart.cudaGetLastError(); // clear the error so that later calls do not report it
      throw new GpuOutOfMemoryException("cudaMalloc", status, "cudaMalloc of " + mib(doubles * 8)
          + " failed: out of GPU memory (" + memoryInfo() + ")");
    }
    checkRuntime(status, "cudaMalloc of " + mib(doubles * 8));
    return new CudaBuffer(p, doubles);
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (double) (1 << 20));
  }

  private static String memoryInfo() {
    try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
      if (cudart.cudaMemGetInfo(free, total) != cudaSuccess) return "free memory unknown";
      return mib(free.get()) + " free of " + mib(total.get());
    }
  }

  @Override
  public void free(DeviceBuffer buffer) {
    CudaBuffer b = (CudaBuffer) buffer;
    checkRuntime(cudart.cudaFree(b.ptr), "cudaFree");
  }

  private void ensureStaging() {
    if (staging != null) return;
    staging = new DoublePointer[SLOTS];
    slotDone = new CUevent_st[SLOTS];
    for (int s = 0; s < SLOTS; s++) {
      DoublePointer p = new DoublePointer();
      checkRuntime(cudart.cudaMallocHost(p, CHUNK * 8L), "cudaMallocHost of staging memory");
      staging[s] = p.capacity(CHUNK).limit(CHUNK);
      slotDone[s] = new CUevent_st();
      checkRuntime(cudart.cudaEventCreateWithFlags(slotDone[s], cudaEventDisableTiming), "cudaEventCreate");
    }
  }

  /**
   * One staging chunk of a transfer: the flat range {@code [start, start + len)} of the host
   * array, which is whole rows {@code row0 .. row0 + rows} when a triangle is moved. Then only the
   * rectangle of those rows that holds the triangle, columns {@code [colLo, colHi)}, crosses the
   * bus (a 2D copy), which halves the bytes for a factor; else the whole range does.
   */
  record Chunk(long start, int len, int row0, int rows, int colLo, int colHi) {
    boolean rectangular() {
      return rows > 0;
    }
  }

  private static List<Chunk> chunks(int rows, int cols, Region region) {
    return chunks(rows, cols, region, CHUNK);
  }

  /** The chunks, of at most {@code chunk} values each, of a rows x cols transfer of {@code region}. */
  static List<Chunk> chunks(int rows, int cols, Region region, int chunk) {
    long total = (long) rows * cols;
    List<Chunk> list = new ArrayList<>();
    if (region == Region.FULL || cols > chunk) {
      for (long start = 0; start < total; start += chunk) {
        list.add(new Chunk(start, (int) Math.min(chunk, total - start), 0, 0, 0, 0));
      }
      return list;
    }
    int perChunk = chunk / cols;
    for (int r0 = 0; r0 < rows; r0 += perChunk) {
      int r1 = Math.min(rows, r0 + perChunk);
      // Lower: row i holds columns [0, i]; upper: [i, cols).
      int lo = region == Region.LOWER ? 0 : r0;
      int hi = region == Region.LOWER ? Math.min(r1, cols) : cols;
      list.add(new Chunk((long) r0 * cols, (r1 - r0) * cols, r0, r1 - r0, lo, hi));
    }
    return list;
  }

  @Override
  public void upload(double[] host, int rows, int cols, Region region, DeviceBuffer dst) {
    if ((long) rows * cols == 0) return;
    ensureStaging();
    long base = ((CudaBuffer) dst).ptr.address();
    List<Chunk> chunks = chunks(rows, cols, region);
    for (int c = 0; c < chunks.size(); c++) {
      int s = c % SLOTS;
      Chunk ch = chunks.get(c);
      checkRuntime(cudart.cudaEventSynchronize(slotDone[s]), "cudaEventSynchronize");
      copyChunk(host, rows, cols, region, ch.start(), ch.len(), staging[s], true);
      dma(base, cols, ch, s, cudaMemcpyHostToDevice);
    }
  }

  @Override
  public void download(DeviceBuffer src, double[] host, int rows, int cols, Region region) {
    if ((long) rows * cols == 0) {
      checkRuntime(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
      return;
    }
    ensureStaging();
    long base = ((CudaBuffer) src).ptr.address();
    List<Chunk> chunks = chunks(rows, cols, region);
    for (int c = 0; c < Math.min(SLOTS, chunks.size()); c++) {
      dma(base, cols, chunks.get(c), c % SLOTS, cudaMemcpyDeviceToHost);
    }
    for (int c = 0; c < chunks.size(); c++) {
      int s = c % SLOTS;
      Chunk ch = chunks.get(c);
      checkRuntime(cudart.cudaEventSynchronize(slotDone[s]), "cudaEventSynchronize (device to host)");
      copyChunk(host, rows, cols, region, ch.start(), ch.len(), staging[s], false);
      if (c + SLOTS < chunks.size()) dma(base, cols, chunks.get(c + SLOTS), s, cudaMemcpyDeviceToHost);
    }
  }

  /**
   * Queues the copy of one chunk between staging slot {@code s} (which holds the chunk from its
   * offset 0, in the host layout) and the device buffer at {@code base}, then marks the slot.
   */
  private void dma(long base, int cols, Chunk ch, int s, int kind) {
    long slot = staging[s].address();
    long dev = base + ch.start() * 8;
    String what = kind == cudaMemcpyHostToDevice ? "host to device" : "device to host";
    if (ch.rectangular()) {
      long pitch = cols * 8L;
      long off = ch.colLo() * 8L;
      long width = (ch.colHi() - ch.colLo()) * 8L;
      Pointer devPtr = new Address(dev + off);
      Pointer slotPtr = new Address(slot + off);
      checkRuntime(kind == cudaMemcpyHostToDevice
          ? cudart.cudaMemcpy2DAsync(devPtr, pitch, slotPtr, pitch, width, ch.rows(), kind, stream)
          : cudart.cudaMemcpy2DAsync(slotPtr, pitch, devPtr, pitch, width, ch.rows(), kind, stream),
          "cudaMemcpy2DAsync (" + what + ")");
    } else {
      Pointer devPtr = new Address(dev);
      checkRuntime(kind == cudaMemcpyHostToDevice
          ? cudart.cudaMemcpyAsync(devPtr, staging[s], ch.len() * 8L, kind, stream)
          : cudart.cudaMemcpyAsync(staging[s], devPtr, ch.len() * 8L, kind, stream),
          "cudaMemcpyAsync (" + what + ")");
    }
    checkRuntime(cudart.cudaEventRecord(slotDone[s], stream), "cudaEventRecord");
  }

  /**
   * Copies the flat range [start, start + len) between the host array and a staging slot (which
   * holds that range from its offset 0), splitting it among the copy threads. Downloads write
   * zeros outside the region.
   */
  private void copyChunk(double[] host, int rows, int cols, Region region, long start, int len,
      DoublePointer slot, boolean toStaging) {
    int parts = (copyPool == null || len < PARALLEL_MIN) ? 1 : copyThreads;
    if (parts == 1) {
      copyPart(host, rows, cols, region, start, start + len, start, slot, toStaging);
      return;
    }
    List<Callable<Void>> tasks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      long lo = start + (long) len * p / parts;
      long hi = start + (long) len * (p + 1) / parts;
      tasks.add(() -> {
        copyPart(host, rows, cols, region, lo, hi, start, slot, toStaging);
        return null;
      });
    }
    try {
      for (Future<Void> f : copyPool.invokeAll(tasks)) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying to or from the GPU", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("copy to or from the GPU failed: " + e.getCause(), e.getCause());
    }
  }

  private static void copyPart(double[] host, int rows, int cols, Region region, long lo, long hi,
      long slotBase, DoublePointer slot, boolean toStaging) {
    DoublePointer view = new DoublePointer(slot);
    if (toStaging) {
      region.forEachRun(rows, cols, lo, hi, (off, n) -> view.position(off - slotBase).put(host, (int) off, n), null);
    } else {
      region.forEachRun(rows, cols, lo, hi, (off, n) -> view.position(off - slotBase).get(host, (int) off, n),
          (off, n) -> Arrays.fill(host, (int) off, (int) off + n, 0.0));
    }
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k, double a, DeviceBuffer A, int lda,
      DeviceBuffer B, int ldb, double b, DeviceBuffer C, int ldc) {
    alpha.put(a);
    beta.put(b);
    checkCublas(cublas.cublasDgemm_v2(blas, transA ? CUBLAS_OP_T : CUBLAS_OP_N, transB ? CUBLAS_OP_T : CUBLAS_OP_N,
        m, n, k, alpha, ptr(A), lda, ptr(B), ldb, beta, ptr(C), ldc), "cublasDgemm");
  }

  @Override
  public void dtrsm(boolean leftSide, boolean upper, boolean transA, int m, int n, double a, DeviceBuffer A,
      int lda, DeviceBuffer B, int ldb) {
    alpha.put(a);
    checkCublas(cublas.cublasDtrsm_v2(blas, leftSide ? CUBLAS_SIDE_LEFT : CUBLAS_SIDE_RIGHT,
        upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
        CUBLAS_DIAG_NON_UNIT, m, n, alpha, ptr(A), lda, ptr(B), ldb), "cublasDtrsm");
  }

  @Override
  public int dpotrfUpper(DeviceBuffer A, int n, int lda) {
    checkCusolver(cusolver.cusolverDnDpotrf_bufferSize(solver, CUBLAS_FILL_MODE_UPPER, n, ptr(A), lda, lwork),
        "cusolverDnDpotrf_bufferSize");
    int need = Math.max(1, lwork.get());
    if (workspace == null || workspace.capacity < need) {
      if (workspace != null) free(workspace);
      workspace = null;
      workspace = (CudaBuffer) allocate(need);
    }
    checkCusolver(cusolver.cusolverDnDpotrf(solver, CUBLAS_FILL_MODE_UPPER, n, ptr(A), lda, workspace.ptr, need,
        deviceInfo), "cusolverDnDpotrf");
    checkRuntime(cudart.cudaMemcpyAsync(hostInfo, deviceInfo, 4, cudaMemcpyDeviceToHost, stream),
        "cudaMemcpyAsync (potrf info)");
    checkRuntime(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize (potrf)");
    return hostInfo.get();
  }

  private static DoublePointer ptr(DeviceBuffer b) {
    return ((CudaBuffer) b).ptr;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    cudart.cudaStreamSynchronize(stream);
    if (workspace != null) cudart.cudaFree(workspace.ptr);
    cudart.cudaFree(deviceInfo);
    if (staging != null) {
      for (int s = 0; s < SLOTS; s++) {
        cudart.cudaFreeHost(staging[s]);
        cudart.cudaEventDestroy(slotDone[s]);
      }
    }
    cusolver.cusolverDnDestroy(solver);
    cublas.cublasDestroy_v2(blas);
    cudart.cudaStreamDestroy(stream);
    if (copyPool != null) copyPool.shutdown();
  }
}
