package bms.core.linalg.gpu;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLeft;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRight;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dtrsm;

import bms.core.linalg.Cholesky;
import bms.core.linalg.EjmlBackend;
import bms.core.linalg.JitterPolicy;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The device run of issue 7: checks that the CUDA backend loads, compares it with OpenBLAS on
 * random SPD problems (n = 64 to 8192, relative error 1e-9), and times potrf, trsm and gemm with
 * host arrays in and out, against OpenBLAS on the same machine. Results go to a JSON file, which
 * is rewritten after each phase so that a run cut short still leaves what it measured.
 *
 * <pre>java -cp 'lib/*:testlib/*' bms.core.linalg.gpu.GpuCheck --out results.json [--max 8192] [--quick]
 *     [--sizes 256,512,...] [--bench-only]</pre>
 *
 * <p>A check, not library code: it lives with bms-core's tests (in the test jar that
 * scripts/gpu-bundle.sh ships to the GPU machine) and is started by scripts/gpu-run.sh.
 *
 * Exit status: 0 all checks passed, 1 a correctness check failed, 2 no usable GPU.
 */
public final class GpuCheck {
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final Path out;
  private final int maxN;
  private final boolean quick;
  private final Supplier<GpuDevice> fakeDevices;
  private int[] benchSizes;
  private boolean benchOnly;
  private boolean openblasLoaded;

  /** {@code fakeDevices} replaces the CUDA device (a dry run of this program); null for the real one. */
  GpuCheck(Path out, int maxN, boolean quick, Supplier<GpuDevice> fakeDevices) {
    this.out = out;
    this.maxN = maxN;
    this.quick = quick;
    this.fakeDevices = fakeDevices;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of("bms-gpu.json");
    int maxN = 8192;
    boolean quick = false;
    boolean benchOnly = false;
    int[] sizes = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--max" -> maxN = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        case "--bench-only" -> benchOnly = true;
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; usage: GpuCheck --out FILE [--max N] [--quick] [--sizes N,N,...] [--bench-only]");
      }
    }
    GpuCheck check = new GpuCheck(out, maxN, quick, null);
    check.benchSizes = sizes;
    check.benchOnly = benchOnly;
    System.exit(check.run());
  }

  int run() throws IOException {
    results.put("date", Instant.now().toString());
    results.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    results.put("cpu_cores", Runtime.getRuntime().availableProcessors());
    results.put("max_heap_gib", Runtime.getRuntime().maxMemory() / (double) (1L << 30));
    results.put("openblas_num_threads_env", String.valueOf(System.getenv("OPENBLAS_NUM_THREADS")));
    try {
      Loader.load(openblas.class);
      openblasLoaded = true;
    } catch (LinkageError e) {
      results.put("openblas_error", CudaDevice.rootMessage(e));
    }
    results.put("cpu_baseline", openblasLoaded ? "openblas (JavaCPP, row-major CBLAS, LAPACKE col-major potrf)" : "ejml");

    long t0 = System.nanoTime();
    String why = fakeDevices != null ? null : CudaBackend.unavailableReason();
    results.put("cuda_load_seconds", (System.nanoTime() - t0) / 1e9);
    results.put("gpu", why == null);
    if (why != null) {
      results.put("reason", why);
      log("no GPU: " + why);
      save();
      return 2;
    }
    boolean ok;
    GpuConfig base = GpuConfig.defaults().withMode(GpuConfig.Mode.FORCE);
    try (CudaBackend gpu = open(base.withReuse(false));
        CudaBackend resident = open(base.withReuse(true))) {
      results.put("device", gpu.deviceDescription());
      log("device: " + gpu.deviceDescription());
      save();
      Integer threads = phase("transfers", () -> transfers(gpu, resident));
      results.put("copy_threads_used", threads);
      ok = benchOnly || Boolean.TRUE.equals(phase("correctness", () -> correctness(gpu, resident)));
      if (!benchOnly) phase("errors", () -> errors(gpu));
      phase("benchmark", () -> benchmark(gpu, resident));
    }
    results.put("all_correct", ok);
    save();
    return ok ? 0 : 1;
  }

  private CudaBackend open(GpuConfig config) {
    return fakeDevices == null ? CudaBackend.open(config, EjmlBackend::new)
        : new CudaBackend(fakeDevices.get(), config, EjmlBackend::new);
  }

  @FunctionalInterface
  private interface Phase<T> {
    T run() throws Exception;
  }

  /** Runs one phase; a failure is recorded in the results and the run goes on. */
  private <T> T phase(String name, Phase<T> body) throws IOException {
    long t0 = System.nanoTime();
    try {
      return body.run();
    } catch (Exception | LinkageError e) {
      log(name + " failed: " + e);
      e.printStackTrace();
      results.put(name + "_error", e.toString());
      return null;
    } finally {
      results.put(name + "_seconds", (System.nanoTime() - t0) / 1e9);
      save();
    }
  }

  // ---------------------------------------------------------------- transfers

  /** Host-device bandwidth of a 512 MiB matrix by number of copy threads; keeps the fastest. */
  private Integer transfers(CudaBackend gpu, CudaBackend resident) {
    GpuDevice dev = gpu.device();
    int n = Math.min(maxN, 8192);
    double[] host = randomArray((long) n * n, new SplittableRandom(1));
    double[] back = new double[host.length];
    DeviceBuffer buf = dev.allocate(host.length);
    List<Map<String, Object>> rows = new ArrayList<>();
    int bestThreads = 1;
    double best = 0;
    try {
      int cores = Runtime.getRuntime().availableProcessors();
      int[] counts = dev instanceof CudaDevice ? new int[] {1, 4, 8, 16} : new int[] {1};
      for (int threads : counts) {
        if (threads > 2 * cores) continue;
        setCopyThreads(dev, threads);
        double[] up = new double[5];
        double[] down = new double[5];
        for (int r = 0; r < up.length; r++) {
          long t = System.nanoTime();
          dev.upload(host, n, n, Region.FULL, buf);
          dev.download(buf, back, n, n, Region.FULL); // waits for the upload too
          long t2 = System.nanoTime();
          dev.download(buf, back, n, n, Region.FULL);
          long t3 = System.nanoTime();
          down[r] = (t3 - t2) / 1e9;
          up[r] = (t2 - t) / 1e9 - down[r];
        }
        double gbUp = host.length * 8 / median(up) / 1e9;
        double gbDown = host.length * 8 / median(down) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("copy_threads", threads);
        row.put("h2d_GBps", gbUp);
        row.put("d2h_GBps", gbDown);
        rows.add(row);
        log(String.format("transfer %d threads: up %.1f GB/s, down %.1f GB/s", threads, gbUp, gbDown));
        double both = 1 / (1 / gbUp + 1 / gbDown);
        if (both > best * 1.03) {
          best = both;
          bestThreads = threads;
        }
      }
      if (!Arrays.equals(host, back)) throw new IllegalStateException("round trip changed the data");
    } finally {
      dev.free(buf);
      setCopyThreads(dev, bestThreads);
      setCopyThreads(resident.device(), bestThreads);
    }
    results.put("transfer_bytes", host.length * 8L);
    results.put("transfers", rows);
    return bestThreads;
  }

  private static void setCopyThreads(GpuDevice dev, int threads) {
    if (dev instanceof CudaDevice cuda) cuda.setCopyThreads(threads);
  }

  // ---------------------------------------------------------------- correctness

  private Boolean correctness(CudaBackend gpu, CudaBackend resident) {
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean allOk = true;
    for (int n = 64; n <= maxN; n *= 2) {
      if (!openblasLoaded && n > 1024) break;
      SplittableRandom rng = new SplittableRandom(1000 + n);
      Matrix a = randomSpd(n, rng);
      int r = Math.min(n, 1024);
      Matrix b = Matrix.wrap(n, r, randomArray((long) n * r, rng));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("n", n);

      Matrix lCpu = a.copy();
      if (!cpuPotrf(lCpu)) throw new IllegalStateException("CPU potrf failed at n=" + n);
      Matrix lGpu = a.copy();
      boolean factored = gpu.potrf(lGpu);
      row.put("potrf_ok", factored);
      row.put("potrf", relErr(lCpu, lGpu));

      // op(L) X = B and X op(L) = B^T style solves, both transposes.
      row.put("trsm_left_lower", trsmErr(gpu, true, false, lCpu, lGpu, b));
      row.put("trsm_left_lower_trans", trsmErr(gpu, true, true, lCpu, lGpu, b));
      row.put("trsm_right_lower_trans", trsmErr(gpu, false, true, lCpu, lGpu, b.transpose()));

      // Factor, then solve against it on the device with the factor kept there.
      Matrix lRes = a.copy();
      resident.potrf(lRes);
      long reusesBefore = resident.reuses();
      Matrix xRes = b.copy();
      resident.trsm(true, true, false, 1.0, lRes, xRes);
      Matrix xCpu = b.copy();
      cpuTrsm(true, true, false, 1.0, lCpu, xCpu);
      row.put("trsm_resident_factor", relErr(xCpu, xRes));
      row.put("factor_reused", resident.reuses() > reusesBefore);

      Matrix cCpu = new Matrix(n, r);
      Matrix cGpu = new Matrix(n, r);
      cpuGemm(false, false, 1.0, a, b, 0.0, cCpu);
      gpu.gemm(false, false, 1.0, a, b, 0.0, cGpu);
      row.put("gemm_nn", relErr(cCpu, cGpu));
      Matrix dCpu = new Matrix(r, n);
      Matrix dGpu = new Matrix(r, n);
      cpuGemm(true, true, 1.0, b, a, 0.0, dCpu);
      gpu.gemm(true, true, 1.0, b, a, 0.0, dGpu);
      row.put("gemm_tt", relErr(dCpu, dGpu));
      if (n <= 2048) {
        Matrix sCpu = new Matrix(r, r);
        Matrix sGpu = new Matrix(r, r);
        cpuGemm(true, false, 1.0, b, b, 0.0, sCpu);
        gpu.syrk(true, 1.0, b, 0.0, sGpu);
        row.put("syrk_t", relErr(sCpu, sGpu));
      }
      boolean ok = factored && Boolean.TRUE.equals(row.get("factor_reused"));
      for (Map.Entry<String, Object> e : row.entrySet()) {
        if (e.getValue() instanceof Double d && !(d <= 1e-9)) ok = false;
      }
      row.put("pass", ok);
      allOk &= ok;
      rows.add(row);
      log("correctness " + row);
      results.put("correctness", rows);
      save();
    }

    // A singular kernel matrix (rank n/2) goes through the jitter retries on the device.
    int n = Math.min(512, maxN);
    SplittableRandom rng = new SplittableRandom(7);
    Matrix g = Matrix.wrap(n, n / 2, randomArray((long) n * (n / 2), rng));
    Matrix k = new Matrix(n, n);
    cpuGemm(false, true, 1.0, g, g, 0.0, k);
    long retries = Cholesky.retryCount();
    Cholesky.Result res = Cholesky.factor(k, "rank-deficient K", JitterPolicy.NONE_FIRST, gpu);
    Map<String, Object> jit = new LinkedHashMap<>();
    jit.put("n", n);
    jit.put("jitter", res.jitter());
    jit.put("retries", Cholesky.retryCount() - retries);
    boolean jitterOk = res.jitter() > 0 && Cholesky.retryCount() > retries;
    jit.put("pass", jitterOk);
    results.put("jitter_retry", jit);
    log("jitter " + jit);
    return allOk && jitterOk;
  }

  private double trsmErr(CudaBackend gpu, boolean left, boolean trans, Matrix lCpu, Matrix lGpu, Matrix b) {
    Matrix xCpu = b.copy();
    Matrix xGpu = b.copy();
    cpuTrsm(left, true, trans, 1.0, lCpu, xCpu);
    gpu.trsm(left, true, trans, 1.0, lGpu, xGpu);
    return relErr(xCpu, xGpu);
  }

  /** Frobenius norm of the difference over that of the reference. */
  private static double relErr(Matrix ref, Matrix x) {
    double[] r = ref.data();
    double[] d = x.data();
    double num = 0;
    double den = 0;
    for (int i = 0; i < r.length; i++) {
      double e = r[i] - d[i];
      num += e * e;
      den += r[i] * r[i];
    }
    return Math.sqrt(num / Math.max(den, Double.MIN_NORMAL));
  }

  // ---------------------------------------------------------------- errors

  private Boolean errors(CudaBackend gpu) {
    Map<String, Object> e = new LinkedHashMap<>();
    DeviceMemory mem = gpu.memory();
    try {
      mem.acquire(1L << 43); // 64 TiB
      e.put("out_of_memory", "no exception");
    } catch (GpuOutOfMemoryException x) {
      e.put("out_of_memory", x.getMessage());
    }
    Matrix a = Matrix.identity(600);
    Matrix c = new Matrix(600, 600);
    gpu.gemm(false, false, 2.0, a, a, 0.0, c);
    e.put("usable_after_oom", c.get(599, 599) == 2.0 && c.get(0, 1) == 0.0);
    results.put("errors", e);
    log("errors " + e);
    return true;
  }

  // ---------------------------------------------------------------- benchmark

  private Boolean benchmark(CudaBackend gpu, CudaBackend resident) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    results.put("benchmark", rows);
    int[] sizes = benchSizes != null ? benchSizes
        : quick ? new int[] {64, 256, 1024} : new int[] {256, 512, 1024, 2048, 4096, 8192};
    for (int n : sizes) {
      if (n > maxN) break;
      SplittableRandom rng = new SplittableRandom(5000 + n);
      Matrix a = randomSpd(n, rng);
      Matrix l = a.copy();
      if (!cpuPotrf(l)) throw new IllegalStateException("CPU potrf failed at n=" + n);
      Matrix b = Matrix.wrap(n, n, randomArray((long) n * n, rng));
      Matrix b2 = Matrix.wrap(n, n, randomArray((long) n * n, rng));
      int reps = n >= 8192 ? 5 : n >= 2048 ? 7 : 9;
      int cpuReps = n >= 8192 ? 3 : n >= 2048 ? 5 : 7;
      boolean cpuOk = openblasLoaded || n <= 1024;

      Matrix work = new Matrix(n, n);
      Matrix c = new Matrix(n, n);
      double potrfFlops = n * (double) n * n / 3.0;
      double trsmFlops = (double) n * n * n;
      double gemmFlops = 2.0 * n * n * n;

      rows.add(entry("potrf", n, "gpu", potrfFlops, time(reps, () -> copy(a, work), () -> gpu.potrf(work))));
      rows.add(entry("trsm", n, "gpu", trsmFlops, time(reps, () -> copy(b, work),
          () -> gpu.trsm(true, true, false, 1.0, l, work))));
      rows.add(entry("gemm", n, "gpu", gemmFlops, time(reps, () -> {}, () -> gpu.gemm(false, false, 1.0, b, b2, 0.0, c))));
      // The SVGP chain: factor, then solve against the factor while it is still on the device.
      Matrix lr = a.copy();
      resident.potrf(lr);
      rows.add(entry("trsm_factor_on_gpu", n, "gpu", trsmFlops, time(reps, () -> copy(b, work),
          () -> resident.trsm(true, true, false, 1.0, lr, work))));
      saveRows(rows);

      if (cpuOk) {
        rows.add(entry("potrf", n, "cpu", potrfFlops, time(cpuReps, () -> copy(a, work), () -> cpuPotrf(work))));
        rows.add(entry("trsm", n, "cpu", trsmFlops, time(cpuReps, () -> copy(b, work),
            () -> cpuTrsm(true, true, false, 1.0, l, work))));
        rows.add(entry("gemm", n, "cpu", gemmFlops, time(cpuReps, () -> {},
            () -> cpuGemm(false, false, 1.0, b, b2, 0.0, c))));
        saveRows(rows);
      }
      if (openblasLoaded) {
        nativeCpu(rows, n, a, l, b, b2, cpuReps, potrfFlops, trsmFlops, gemmFlops);
        saveRows(rows);
      }
    }
    return true;
  }

  /** OpenBLAS on native buffers already in place: the CPU's best case, with no copies timed. */
  private void nativeCpu(List<Map<String, Object>> rows, int n, Matrix a, Matrix l, Matrix b, Matrix b2,
      int reps, double potrfFlops, double trsmFlops, double gemmFlops) {
    long len = (long) n * n;
    try (DoublePointer pa = new DoublePointer(a.data()); DoublePointer pl = new DoublePointer(l.data());
        DoublePointer pb = new DoublePointer(b.data()); DoublePointer pb2 = new DoublePointer(b2.data());
        DoublePointer pw = new DoublePointer(len); DoublePointer pc = new DoublePointer(len)) {
      rows.add(entry("potrf", n, "cpu_native", potrfFlops, time(reps, () -> Pointer.memcpy(pw, pa, len * 8),
          () -> LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, pw, n))));
      rows.add(entry("trsm", n, "cpu_native", trsmFlops, time(reps, () -> Pointer.memcpy(pw, pb, len * 8),
          () -> cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, n, 1.0, pl, n,
              pw, n))));
      rows.add(entry("gemm", n, "cpu_native", gemmFlops, time(reps, () -> {},
          () -> cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, pb, n, pb2, n, 0.0, pc, n))));
    }
  }

  private void saveRows(List<Map<String, Object>> rows) {
    Map<String, Object> last = rows.get(rows.size() - 1);
    log("bench " + last);
    save();
  }

  private static Map<String, Object> entry(String op, int n, String where, double flops, double[] seconds) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("op", op);
    row.put("n", n);
    row.put("backend", where);
    double med = median(seconds);
    row.put("median_ms", med * 1e3);
    row.put("min_ms", Arrays.stream(seconds).min().orElse(Double.NaN) * 1e3);
    row.put("reps", seconds.length);
    row.put("gflops", flops / med / 1e9);
    return row;
  }

  /** One warm-up, then {@code reps} timed runs, each after an untimed {@code setup}. */
  private static double[] time(int reps, Runnable setup, Runnable body) {
    setup.run();
    body.run();
    double[] s = new double[reps];
    for (int r = 0; r < reps; r++) {
      setup.run();
      long t = System.nanoTime();
      body.run();
      s[r] = (System.nanoTime() - t) / 1e9;
    }
    return s;
  }

  private static void copy(Matrix from, Matrix to) {
    System.arraycopy(from.data(), 0, to.data(), 0, from.size());
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
  }

  // ---------------------------------------------------------------- CPU baseline

  private final LinalgBackend ejml = new EjmlBackend();

  private void cpuGemm(boolean ta, boolean tb, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    if (!openblasLoaded) {
      ejml.gemm(ta, tb, alpha, a, b, beta, c);
      return;
    }
    int k = ta ? a.rows() : a.cols();
    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, c.rows(), c.cols(),
        k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, c.data(), c.cols());
  }

  /** Row-major lower Cholesky as the column-major upper one, as the GPU does (no transposes). */
  private boolean cpuPotrf(Matrix a) {
    if (!openblasLoaded) return ejml.potrf(a);
    int n = a.rows();
    int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, a.data(), n);
    double[] d = a.data();
    for (int i = 0; i < n; i++) Arrays.fill(d, i * n + i + 1, (i + 1) * n, 0.0);
    return info == 0;
  }

  private void cpuTrsm(boolean left, boolean lower, boolean trans, double alpha, Matrix t, Matrix b) {
    if (!openblasLoaded) {
      ejml.trsm(left, lower, trans, alpha, t, b);
      return;
    }
    cblas_dtrsm(CblasRowMajor, left ? CblasLeft : CblasRight, lower ? CblasLower : CblasUpper,
        trans ? CblasTrans : CblasNoTrans, CblasNonUnit, b.rows(), b.cols(), alpha, t.data(), t.cols(), b.data(),
        b.cols());
  }

  // ---------------------------------------------------------------- data

  private static double[] randomArray(long n, SplittableRandom rng) {
    double[] d = new double[Math.toIntExact(n)];
    for (int i = 0; i < d.length; i++) d[i] = 2 * rng.nextDouble() - 1;
    return d;
  }

  /** G G^T / n + I with G uniform in [-1, 1): eigenvalues in about [1, 1 + 4/3], well conditioned. */
  private Matrix randomSpd(int n, SplittableRandom rng) {
    Matrix g = Matrix.wrap(n, n, randomArray((long) n * n, rng));
    Matrix a = new Matrix(n, n);
    cpuGemm(false, true, 1.0 / n, g, g, 0.0, a);
    for (int i = 0; i < n; i++) a.data()[i * n + i] += 1.0;
    return a;
  }

  // ---------------------------------------------------------------- output

  private static void log(String s) {
    System.out.println("[gpu-check] " + s);
    System.out.flush();
  }

  private void save() {
    try {
      Files.writeString(out, Json.write(results) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /** Just enough JSON for maps, lists, strings, numbers and booleans. */
  static final class Json {
    private Json() {}

    static String write(Object o) {
      StringBuilder sb = new StringBuilder();
      write(o, sb, "");
      return sb.toString();
    }

    private static void write(Object o, StringBuilder sb, String indent) {
      if (o instanceof Map<?, ?> m) {
        sb.append("{");
        String in = indent + "  ";
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append(first ? "\n" : ",\n").append(in);
          string(String.valueOf(e.getKey()), sb);
          sb.append(": ");
          write(e.getValue(), sb, in);
          first = false;
        }
        sb.append(first ? "}" : "\n" + indent + "}");
      } else if (o instanceof List<?> l) {
        sb.append("[");
        String in = indent + "  ";
        for (int i = 0; i < l.size(); i++) {
          sb.append(i == 0 ? "\n" : ",\n").append(in);
          write(l.get(i), sb, in);
        }
        sb.append(l.isEmpty() ? "]" : "\n" + indent + "]");
      } else if (o instanceof Double d) {
        sb.append(Double.isFinite(d) ? String.valueOf(d) : "null");
      } else if (o instanceof Number || o instanceof Boolean) {
        sb.append(o);
      } else if (o == null) {
        sb.append("null");
      } else {
        string(o.toString(), sb);
      }
    }

    private static void string(String s, StringBuilder sb) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        switch (ch) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\t' -> sb.append("\\t");
          default -> {
            if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
          }
        }
      }
      sb.append('"');
    }
  }
}
