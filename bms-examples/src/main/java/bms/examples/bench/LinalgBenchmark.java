package bms.examples.bench;

import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * GFLOP/s of gemm, Cholesky and trsm for each linear-algebra backend, next to the raw OpenBLAS
 * call on off-heap memory (the ceiling), and the time of a Cholesky log-determinant forward and
 * backward through the autodiff next to the same kernels called directly (the autodiff
 * overhead). Prints Markdown tables; BENCHMARKS.md records a run.
 *
 * <p>Plain Java, no harness: {@link #main} for the command line, {@link #run} for the
 * {@code bms bench} subcommand. Every figure is the median of several timed rounds after
 * warm-up rounds; candidates are timed round-robin so that load from other processes hits them
 * alike.
 */
public final class LinalgBenchmark {
  private LinalgBenchmark() {}

  /**
   * What to measure.
   *
   * @param sizes matrix orders for the kernel table
   * @param autodiffSizes matrix orders for the log-determinant table
   * @param backends backend names (see {@link Backends#knownNames()})
   * @param warmup untimed rounds before timing
   * @param reps timed rounds (the median is reported)
   * @param maxSeconds stop a measurement after this many seconds of timed rounds (at least 3 rounds)
   * @param seed random seed for the matrices
   * @param quietWait seconds to wait, before each measurement, for other processes to leave the
   *     CPU mostly idle (0: do not wait); the machine is shared, see BENCHMARKS.md
   * @param retries how many times to repeat a measurement during which other processes took
   *     more than {@value #DISTURBED} of the CPU; the least disturbed attempt is reported
   */
  public record Options(int[] sizes, int[] autodiffSizes, List<String> backends, int warmup, int reps,
      double maxSeconds, long seed, double quietWait, int retries) {
    public Options {
      if (warmup < 0 || reps < 1 || !(maxSeconds > 0) || !(quietWait >= 0) || retries < 0) {
        throw new IllegalArgumentException("need warmup >= 0, reps >= 1, maxSeconds > 0; got warmup=" + warmup
            + " reps=" + reps + " maxSeconds=" + maxSeconds + " quietWait=" + quietWait + " retries=" + retries);
      }
      for (int n : sizes) checkSize(n, "sizes");
      for (int n : autodiffSizes) checkSize(n, "autodiffSizes");
      backends = List.copyOf(backends);
    }

    private static void checkSize(int n, String what) {
      if (n < 1 || n > 20000) {
        throw new IllegalArgumentException(what + ": matrix order must be in 1..20000, got " + n);
      }
    }

    /** The figures: n = 500, 1000, 2000 and 100, 500, 1000; 2 warm-up and 7 timed rounds. */
    public static Options defaults() {
      return new Options(new int[] {500, 1000, 2000}, new int[] {100, 500, 1000}, List.of("openblas", "ejml"),
          2, 7, 40.0, 42L, 30.0, 1);
    }

    /** A quick smoke run (small sizes, few rounds). */
    public static Options quick() {
      return new Options(new int[] {200, 400}, new int[] {100, 200}, List.of("openblas", "ejml"), 1, 3, 5.0, 42L, 0.0, 0);
    }

    /**
     * Parses {@code --sizes 500,1000 --autodiff-sizes 100,500 --backends openblas,ejml --warmup 2
     * --reps 7 --max-seconds 40 --seed 42 --quiet-wait 30 --retries 1 --quick}.
     */
    public static Options parse(String... args) {
      Options o = defaults();
      int[] sizes = o.sizes(), ad = o.autodiffSizes();
      List<String> backends = o.backends();
      int warmup = o.warmup(), reps = o.reps();
      double maxSeconds = o.maxSeconds();
      long seed = o.seed();
      double quietWait = o.quietWait();
      int retries = o.retries();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--quick")) {
          Options q = quick();
          sizes = q.sizes();
          ad = q.autodiffSizes();
          warmup = q.warmup();
          reps = q.reps();
          maxSeconds = q.maxSeconds();
          quietWait = q.quietWait();
          retries = q.retries();
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--sizes" -> sizes = ints(v);
          case "--autodiff-sizes" -> ad = ints(v);
          case "--backends" -> backends = Arrays.asList(v.split(","));
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--reps" -> reps = Integer.parseInt(v);
          case "--max-seconds" -> maxSeconds = Double.parseDouble(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--quiet-wait" -> quietWait = Double.parseDouble(v);
          case "--retries" -> retries = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + a + "; known: --sizes --autodiff-sizes"
              + " --backends --warmup --reps --max-seconds --seed --quiet-wait --retries --quick");
        }
      }
      return new Options(sizes, ad, backends, warmup, reps, maxSeconds, seed, quietWait, retries);
    }

    private static int[] ints(String csv) {
      return csv.isBlank() ? new int[0] : Arrays.stream(csv.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }
  }

  /** One line of the kernel table: GFLOP/s per backend, NaN where not measured. */
  public record KernelRow(String op, int n, double rawGflops, double[] backendGflops, int rounds, double othersShare) {}

  /** One line of the autodiff table (times in seconds). */
  public record AutodiffRow(String backend, int n, double autodiff, double kernels, double raw, int rounds,
      double othersShare) {
    public double overhead() {
      return autodiff / kernels - 1;
    }
  }

  /** Everything measured, for callers that want numbers rather than text. */
  public record Report(List<String> backends, List<KernelRow> kernels, List<AutodiffRow> autodiff) {}

  public static void main(String[] args) {
    run(System.out, Options.parse(args));
  }

  /** Runs the benchmark, printing Markdown to {@code out}, and returns the figures. */
  public static Report run(PrintStream out, Options o) {
    List<String> names = new ArrayList<>();
    List<LinalgBackend> backends = new ArrayList<>();
    for (String name : o.backends()) {
      try {
        backends.add(Backends.byName(name));
        names.add(name);
      } catch (IllegalStateException e) {
        out.println("(skipping backend " + name + ": " + e.getMessage() + ")");
      }
    }
    String raw = rawAvailable();
    out.println("## Linear-algebra benchmark");
    out.println();
    out.println("```");
    out.println(MachineInfo.describe());
    out.println("OpenBLAS: " + (raw == null ? RawOpenBlas.version() : "not available (" + raw + ")"));
    out.printf("rounds: %d warm-up (and at least %.0f s of them) + median of up to %d timed (at most %.0f s each);"
        + " load average at start %.2f%n", o.warmup(), o.warmup() > 0 ? Timing.MIN_WARMUP_SECONDS : 0, o.reps(),
        o.maxSeconds(), MachineInfo.loadAverage());
    out.printf("others' CPU: share of all cores used by other processes during the timed rounds; a measurement"
        + " above %.0f%% is repeated up to %d time(s) after waiting up to %.0f s for a quiet CPU, and the least"
        + " disturbed attempt is shown%n", 100 * DISTURBED, o.retries(), o.quietWait());
    out.println("```");
    out.println();
    List<KernelRow> kernelRows = new ArrayList<>();
    List<AutodiffRow> adRows = new ArrayList<>();
    if (backends.isEmpty()) {
      out.println("no backend to measure; known backends: " + String.join(", ", Backends.knownNames()));
      return new Report(names, kernelRows, adRows);
    }
    LinalgBackend saved = Backends.current();
    try {
      if (o.sizes().length > 0) {
        KernelTable.run(out, o, names, backends, raw == null, kernelRows);
      }
      if (o.autodiffSizes().length > 0) {
        LogDetTable.run(out, o, names, backends, raw == null, adRows);
      }
    } finally {
      Backends.use(saved);
    }
    out.printf("%nload average at end: %.2f%n", MachineInfo.loadAverage());
    return new Report(names, kernelRows, adRows);
  }

  /** Null when raw OpenBLAS calls work here, else the reason they do not. */
  private static String rawAvailable() {
    try {
      RawOpenBlas.version();
      return null;
    } catch (LinkageError | RuntimeException e) {
      return e.toString();
    }
  }

  /** A measurement counts as disturbed when other processes took more than this share of the cores. */
  public static final double DISTURBED = 0.10;

  /**
   * Measures {@code trials} round-robin, waiting for a quiet CPU first and repeating disturbed
   * attempts; keeps the least disturbed attempt.
   */
  static Timing.Result measure(Options o, List<Timing.Trial> trials) {
    Timing.Result best = null;
    for (int attempt = 0; attempt <= o.retries(); attempt++) {
      if (o.quietWait() > 0) {
        MachineInfo.waitForQuiet(DISTURBED / 2, o.quietWait());
      }
      Timing.Result r = Timing.medians(trials, o.warmup(), o.reps(), o.maxSeconds());
      if (best == null || r.othersShare() < best.othersShare()) {
        best = r;
      }
      if (!(r.othersShare() > DISTURBED)) {
        break;
      }
    }
    return best;
  }

  /** A well-conditioned SPD matrix: G G^T / n + I. */
  static Matrix spd(int n, Random rng) {
    Matrix g = Matrix.randn(n, n, rng);
    Matrix s = Matrix.identity(n);
    Backends.byName("ejml").gemm(false, true, 1.0 / n, g, g, 1.0, s);
    return s;
  }
}
