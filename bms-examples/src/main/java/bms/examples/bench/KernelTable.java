package bms.examples.bench;

import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The kernel table: GFLOP/s of gemm (C = A B), Cholesky and trsm (L X = B, n right-hand sides)
 * per backend. The OpenBLAS backend is timed round-robin with the raw off-heap call, in the
 * same rounds; other backends are timed on their own, so that their worker threads do not
 * share rounds with OpenBLAS's.
 */
final class KernelTable {
  private KernelTable() {}

  private enum Op {
    GEMM(2.0), POTRF(1.0 / 3), TRSM(1.0);

    final double flopsPerCube;

    Op(double f) {
      flopsPerCube = f;
    }
  }

  /** Inputs for one size, shared by all trials (each trial restores what it overwrites). */
  private record Inputs(int n, Matrix a, Matrix b, Matrix spd, Matrix l) {}

  static void run(PrintStream out, LinalgBenchmark.Options o, List<String> names, List<LinalgBackend> backends,
      boolean withRaw, List<LinalgBenchmark.KernelRow> rows) {
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
    out.println(head.append(" rounds | others' CPU |"));
    out.println(rule.append("---:|---:|"));
    for (int n : o.sizes()) {
      Random rng = new Random(o.seed() + n);
      Matrix spd = LinalgBenchmark.spd(n, rng);
      Matrix l = spd.copy();
      if (!backends.get(0).potrf(l)) {
        throw new IllegalStateException("benchmark matrix is not positive definite");
      }
      Inputs in = new Inputs(n, Matrix.randn(n, n, rng), Matrix.randn(n, n, rng), spd, l);
      try (RawOpenBlas raw = withRaw ? new RawOpenBlas(n) : null) {
        for (Op op : Op.values()) {
          rows.add(measureOp(out, o, op, in, names, backends, raw));
        }
      }
    }
    out.println();
  }

  private static LinalgBenchmark.KernelRow measureOp(PrintStream out, LinalgBenchmark.Options o, Op op, Inputs in,
      List<String> names, List<LinalgBackend> backends, RawOpenBlas raw) {
    double flops = op.flopsPerCube * in.n() * in.n() * in.n();
    double rawSeconds = Double.NaN;
    double[] seconds = new double[backends.size()];
    Arrays.fill(seconds, Double.NaN);
    int rounds = Integer.MAX_VALUE;
    double others = 0;
    boolean rawDone = raw == null;
    for (int i = 0; i < backends.size(); i++) {
      List<Timing.Trial> trials = new ArrayList<>();
      boolean pairWithRaw = !rawDone && names.get(i).equals("openblas");
      if (pairWithRaw) {
        trials.add(rawTrial(op, in, raw));
      }
      trials.add(backendTrial(op, in, backends.get(i)));
      Timing.Result r = LinalgBenchmark.measure(o, trials);
      double[] t = r.medians();
      if (pairWithRaw) {
        rawSeconds = t[0];
        rawDone = true;
      }
      seconds[i] = t[t.length - 1];
      rounds = Math.min(rounds, r.rounds());
      others = Math.max(others, r.othersShare());
    }
    if (!rawDone) { // no openblas backend in the list: time the raw call alone
      Timing.Result r = LinalgBenchmark.measure(o, List.of(rawTrial(op, in, raw)));
      rawSeconds = r.medians()[0];
      rounds = Math.min(rounds, r.rounds());
      others = Math.max(others, r.othersShare());
    }
    double rawG = flops / rawSeconds * 1e-9;
    double[] g = new double[seconds.length];
    StringBuilder line = new StringBuilder("| " + op.name().toLowerCase() + " | " + in.n() + " |");
    if (raw != null) {
      line.append(String.format(" %.1f |", rawG));
    }
    for (int i = 0; i < g.length; i++) {
      g[i] = flops / seconds[i] * 1e-9;
      line.append(String.format(" %.1f |", g[i]));
      if (raw != null) {
        line.append(String.format(" %.0f%% |", 100 * g[i] / rawG));
      }
    }
    line.append(' ').append(rounds).append(String.format(" | %.0f%% |", 100 * others));
    out.println(line);
    out.flush();
    return new LinalgBenchmark.KernelRow(op.name().toLowerCase(), in.n(), raw != null ? rawG : Double.NaN, g, rounds,
        others);
  }

  private static Timing.Trial backendTrial(Op op, Inputs in, LinalgBackend be) {
    int n = in.n();
    Matrix out = new Matrix(n, n);
    return switch (op) {
      case GEMM -> () -> be.gemm(false, false, 1.0, in.a(), in.b(), 0.0, out);
      case POTRF -> new Timing.Trial() {
        @Override public void prepare() {
          System.arraycopy(in.spd().data(), 0, out.data(), 0, n * n);
        }

        @Override public void run() {
          if (!be.potrf(out)) throw new IllegalStateException(be.name() + " potrf failed");
        }
      };
      case TRSM -> new Timing.Trial() {
        @Override public void prepare() {
          System.arraycopy(in.b().data(), 0, out.data(), 0, n * n);
        }

        @Override public void run() {
          be.trsm(true, true, false, 1.0, in.l(), out);
        }
      };
    };
  }

  private static Timing.Trial rawTrial(Op op, Inputs in, RawOpenBlas raw) {
    return switch (op) {
      case GEMM -> new Timing.Trial() {
        @Override public void prepare() {
          raw.putA(in.a().data());
          raw.putB(in.b().data());
        }

        @Override public void run() {
          raw.gemmNN();
        }
      };
      case POTRF -> new Timing.Trial() {
        @Override public void prepare() {
          raw.putA(in.spd().data());
        }

        @Override public void run() {
          if (raw.potrfA() != 0) throw new IllegalStateException("dpotrf failed");
        }
      };
      case TRSM -> new Timing.Trial() {
        @Override public void prepare() {
          raw.putA(in.l().data());
          raw.putB(in.b().data());
        }

        @Override public void run() {
          raw.trsmLeftLower();
        }
      };
    };
  }
}
