package bms.examples.bench;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.JitterPolicy;
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
    out.printf("rounds: %d warm-up + median of up to %d timed (at most %.0f s each); load average at start %.2f%n",
        o.warmup(), o.reps(), o.maxSeconds(), MachineInfo.loadAverage());
    out.printf("others' CPU: share of all cores used by other processes during the timed rounds; a measurement"
        + " above %.0f%% is repeated up to %d time(s) after waiting up to %.0f s for a quiet CPU, and the least"
        + " disturbed attempt is shown%n", 100 * DISTURBED, o.retries(), o.quietWait());
    out.println("```");
    out.println();
    LinalgBackend saved = Backends.current();
    List<KernelRow> kernelRows = new ArrayList<>();
    List<AutodiffRow> adRows = new ArrayList<>();
    try {
      if (o.sizes().length > 0) {
        kernelTable(out, o, names, backends, raw == null, kernelRows);
      }
      if (o.autodiffSizes().length > 0) {
        autodiffTable(out, o, names, backends, raw == null, adRows);
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

  // ---------------------------------------------------------------------------------------

  private static void kernelTable(PrintStream out, Options o, List<String> names, List<LinalgBackend> backends,
      boolean withRaw, List<KernelRow> rows) {
    out.println("### Kernels, GFLOP/s (higher is better)");
    out.println();
    StringBuilder head = new StringBuilder("| op | n |");
    StringBuilder rule = new StringBuilder("|---|---:|");
    if (withRaw) {
      head.append(" raw OpenBLAS off-heap |");
      rule.append("---:|");
    }
    for (String name : names) {
      head.append(' ').append(name).append(" |");
      rule.append("---:|");
      if (withRaw) {
        head.append(' ').append(name).append(" / raw |");
        rule.append("---:|");
      }
    }
    head.append(" rounds | others' CPU |");
    rule.append("---:|---:|");
    out.println(head);
    out.println(rule);
    for (int n : o.sizes()) {
      Random rng = new Random(o.seed() + n);
      Matrix a = Matrix.randn(n, n, rng);
      Matrix b = Matrix.randn(n, n, rng);
      Matrix spd = spd(n, rng);
      Matrix l = spd.copy();
      if (!backends.get(0).potrf(l)) {
        throw new IllegalStateException("benchmark matrix is not positive definite");
      }
      double cube = (double) n * n * n;
      try (RawOpenBlas rawCalls = withRaw ? new RawOpenBlas(n) : null) {
        // gemm: C = A B, 2 n^3 flops.
        List<Timing.Trial> trials = new ArrayList<>();
        if (withRaw) {
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              rawCalls.putA(a.data());
              rawCalls.putB(b.data());
            }

            @Override public void run() {
              rawCalls.gemmNN();
            }
          });
        }
        for (LinalgBackend be : backends) {
          Matrix c = new Matrix(n, n);
          trials.add(() -> be.gemm(false, false, 1.0, a, b, 0.0, c));
        }
        rows.add(report(out, "gemm", n, 2 * cube, withRaw, measure(o, trials)));

        // Cholesky: n^3 / 3 flops; the input is restored (untimed) before every call.
        trials = new ArrayList<>();
        if (withRaw) {
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              rawCalls.putA(spd.data());
            }

            @Override public void run() {
              if (rawCalls.potrfA() != 0) throw new IllegalStateException("dpotrf failed");
            }
          });
        }
        for (LinalgBackend be : backends) {
          Matrix w = new Matrix(n, n);
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              System.arraycopy(spd.data(), 0, w.data(), 0, n * n);
            }

            @Override public void run() {
              if (!be.potrf(w)) throw new IllegalStateException(be.name() + " potrf failed");
            }
          });
        }
        rows.add(report(out, "potrf", n, cube / 3, withRaw, measure(o, trials)));

        // trsm: L X = B with n right-hand sides, n^3 flops.
        trials = new ArrayList<>();
        if (withRaw) {
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              rawCalls.putA(l.data());
              rawCalls.putB(b.data());
            }

            @Override public void run() {
              rawCalls.trsmLeftLower();
            }
          });
        }
        for (LinalgBackend be : backends) {
          Matrix x = new Matrix(n, n);
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              System.arraycopy(b.data(), 0, x.data(), 0, n * n);
            }

            @Override public void run() {
              be.trsm(true, true, false, 1.0, l, x);
            }
          });
        }
        rows.add(report(out, "trsm", n, cube, withRaw, measure(o, trials)));
      }
    }
    out.println();
  }

  /** A measurement counts as disturbed when other processes took more than this share of the cores. */
  public static final double DISTURBED = 0.10;

  /** Measures, waiting for a quiet CPU first and repeating disturbed attempts; keeps the least disturbed. */
  private static Timing.Result measure(Options o, List<Timing.Trial> trials) {
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

  private static KernelRow report(PrintStream out, String op, int n, double flops, boolean withRaw, Timing.Result r) {
    double[] t = r.medians();
    int first = withRaw ? 1 : 0;
    double rawG = withRaw ? flops / t[0] * 1e-9 : Double.NaN;
    double[] g = new double[t.length - first];
    StringBuilder line = new StringBuilder("| " + op + " | " + n + " |");
    if (withRaw) {
      line.append(String.format(" %.1f |", rawG));
    }
    for (int i = first; i < t.length; i++) {
      g[i - first] = flops / t[i] * 1e-9;
      line.append(String.format(" %.1f |", g[i - first]));
      if (withRaw) {
        line.append(String.format(" %.0f%% |", 100 * g[i - first] / rawG));
      }
    }
    line.append(' ').append(r.rounds()).append(String.format(" | %.0f%% |", 100 * r.othersShare()));
    out.println(line);
    out.flush();
    return new KernelRow(op, n, rawG, g, r.rounds(), r.othersShare());
  }

  // ---------------------------------------------------------------------------------------

  private static void autodiffTable(PrintStream out, Options o, List<String> names, List<LinalgBackend> backends,
      boolean withRaw, List<AutodiffRow> rows) {
    out.println("### Cholesky log-determinant through the autodiff: forward + backward, milliseconds");
    out.println();
    out.println("`A -> cholesky -> logDetFromCholesky -> Gradients.of`, against the same kernels called directly"
        + " on the same backend (potrf, then the backward's gemm and two trsm; inputs restored untimed)"
        + (withRaw ? " and against the raw OpenBLAS calls on off-heap memory." : "."));
    out.println();
    out.println("| backend | n | autodiff | kernels via backend | autodiff overhead | raw OpenBLAS off-heap | autodiff / raw | rounds | others' CPU |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : o.autodiffSizes()) {
      Random rng = new Random(o.seed() + 7 * n);
      Matrix spd = spd(n, rng);
      double meanDiag = 0;
      for (int i = 0; i < n; i++) meanDiag += spd.get(i, i) / n;
      Matrix jittered = spd.copy();
      double jitter = JitterPolicy.defaultPolicy().initialRelative() * meanDiag;
      for (int i = 0; i < n; i++) jittered.set(i, i, jittered.get(i, i) + jitter);
      Matrix l = jittered.copy();
      backends.get(0).potrf(l);
      // The backward's seed for L: d(2 sum log L_ii)/dL = diag(2 / L_ii); Phi keeps it as is.
      Matrix lbar = new Matrix(n, n);
      for (int i = 0; i < n; i++) lbar.set(i, i, 2.0 / l.get(i, i));
      try (RawOpenBlas rawCalls = withRaw ? new RawOpenBlas(n) : null) {
        for (int k = 0; k < backends.size(); k++) {
          LinalgBackend be = backends.get(k);
          List<Timing.Trial> trials = new ArrayList<>();
          Var a = Var.variable(spd, "A");
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              Backends.use(be);
            }

            @Override public void run() {
              Var logDet = a.cholesky().logDetFromCholesky();
              Gradients.of(logDet).get(a);
            }
          });
          Matrix w = new Matrix(n, n);
          Matrix p = new Matrix(n, n);
          trials.add(new Timing.Trial() {
            @Override public void prepare() {
              System.arraycopy(jittered.data(), 0, w.data(), 0, n * n);
            }

            @Override public void run() {
              be.potrf(w);
              be.gemm(true, false, 1.0, w, lbar, 0.0, p);
              be.trsm(true, true, true, 1.0, w, p);
              be.trsm(false, true, false, 1.0, w, p);
            }
          });
          if (withRaw) {
            trials.add(new Timing.Trial() {
              @Override public void prepare() {
                rawCalls.putA(jittered.data());
                rawCalls.putB(lbar.data());
              }

              @Override public void run() {
                rawCalls.potrfA();
                rawCalls.gemmTN();
                rawCalls.trsmLeftLowerTransOnC();
                rawCalls.trsmRightLowerOnC();
              }
            });
          }
          Timing.Result r = measure(o, trials);
          double[] t = r.medians();
          AutodiffRow row = new AutodiffRow(names.get(k), n, t[0], t[1], withRaw ? t[2] : Double.NaN, r.rounds(),
              r.othersShare());
          rows.add(row);
          out.printf("| %s | %d | %.2f | %.2f | %+.1f%% | %s | %s | %d | %.0f%% |%n", row.backend(), n,
              1e3 * row.autodiff(), 1e3 * row.kernels(), 100 * row.overhead(),
              withRaw ? String.format("%.2f", 1e3 * row.raw()) : "-",
              withRaw ? String.format("%.2f", row.autodiff() / row.raw()) : "-", r.rounds(), 100 * row.othersShare());
          out.flush();
        }
      }
    }
  }

  /** A well-conditioned SPD matrix: G G^T / n + I. */
  private static Matrix spd(int n, Random rng) {
    Matrix g = Matrix.randn(n, n, rng);
    Matrix s = Matrix.identity(n);
    Backends.byName("ejml").gemm(false, true, 1.0 / n, g, g, 1.0, s);
    return s;
  }
}
