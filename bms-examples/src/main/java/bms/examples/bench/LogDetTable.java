package bms.examples.bench;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.JitterPolicy;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The autodiff table: forward + backward of {@code log|A|} through {@code A -> cholesky ->
 * logDetFromCholesky -> Gradients.of}, against the kernels that computation runs (the
 * Cholesky, then the backward's product and two triangular solves) called directly on the same
 * backend, and for OpenBLAS also against the raw off-heap calls.
 */
final class LogDetTable {
  private LogDetTable() {}

  static void run(PrintStream out, LinalgBenchmark.Options o, List<String> names, List<LinalgBackend> backends,
      boolean withRaw, List<LinalgBenchmark.AutodiffRow> rows) {
    out.println("### Cholesky log-determinant through the autodiff: forward + backward, milliseconds");
    out.println();
    out.println("`A -> cholesky -> logDetFromCholesky -> Gradients.of`, against the same kernels called directly"
        + " on the same backend (potrf, then the backward's gemm and two trsm; inputs restored untimed)"
        + (withRaw ? " and, for openblas, against the raw OpenBLAS calls on off-heap memory." : "."));
    out.println();
    out.println("| backend | n | autodiff | kernels via backend | autodiff overhead | raw OpenBLAS off-heap"
        + " | autodiff / raw | rounds | others' CPU |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : o.autodiffSizes()) {
      Random rng = new Random(o.seed() + 7L * n);
      Matrix spd = LinalgBenchmark.spd(n, rng);
      double meanDiag = 0;
      for (int i = 0; i < n; i++) meanDiag += spd.get(i, i) / n;
      // The autodiff adds the default jitter; the direct kernels get the same matrix.
      Matrix jittered = spd.copy();
      double jitter = JitterPolicy.defaultPolicy().initialRelative() * meanDiag;
      for (int i = 0; i < n; i++) jittered.set(i, i, jittered.get(i, i) + jitter);
      Matrix l = jittered.copy();
      backends.get(0).potrf(l);
      // The backward's seed for L: d(2 sum log L_ii)/dL = diag(2 / L_ii).
      Matrix lbar = new Matrix(n, n);
      for (int i = 0; i < n; i++) lbar.set(i, i, 2.0 / l.get(i, i));
      try (RawOpenBlas raw = withRaw ? new RawOpenBlas(n) : null) {
        for (int k = 0; k < backends.size(); k++) {
          LinalgBackend be = backends.get(k);
          boolean withRawHere = raw != null && names.get(k).equals("openblas");
          List<Timing.Trial> trials = new ArrayList<>();
          trials.add(autodiffTrial(spd, be));
          trials.add(kernelsTrial(jittered, lbar, be));
          if (withRawHere) {
            trials.add(rawTrial(jittered, lbar, raw));
          }
          Timing.Result r = LinalgBenchmark.measure(o, trials);
          double[] t = r.medians();
          LinalgBenchmark.AutodiffRow row = new LinalgBenchmark.AutodiffRow(names.get(k), n, t[0], t[1],
              withRawHere ? t[2] : Double.NaN, r.rounds(), r.othersShare());
          rows.add(row);
          out.printf("| %s | %d | %.2f | %.2f | %+.1f%% | %s | %s | %d | %.0f%% |%n", row.backend(), n,
              1e3 * row.autodiff(), 1e3 * row.kernels(), 100 * row.overhead(),
              withRawHere ? String.format("%.2f", 1e3 * row.raw()) : "-",
              withRawHere ? String.format("%.2f", row.autodiff() / row.raw()) : "-", r.rounds(),
              100 * row.othersShare());
          out.flush();
        }
      }
    }
  }

  private static Timing.Trial autodiffTrial(Matrix spd, LinalgBackend be) {
    Var a = Var.variable(spd, "A");
    return new Timing.Trial() {
      @Override public void prepare() {
        Backends.use(be);
      }

      @Override public void run() {
        Var logDet = a.cholesky().logDetFromCholesky();
        Gradients.of(logDet).get(a);
      }
    };
  }

  private static Timing.Trial kernelsTrial(Matrix jittered, Matrix lbar, LinalgBackend be) {
    int n = jittered.rows();
    Matrix w = new Matrix(n, n);
    Matrix p = new Matrix(n, n);
    return new Timing.Trial() {
      @Override public void prepare() {
        System.arraycopy(jittered.data(), 0, w.data(), 0, n * n);
      }

      @Override public void run() {
        be.potrf(w);
        be.gemm(true, false, 1.0, w, lbar, 0.0, p);
        be.trsm(true, true, true, 1.0, w, p);
        be.trsm(false, true, false, 1.0, w, p);
      }
    };
  }

  private static Timing.Trial rawTrial(Matrix jittered, Matrix lbar, RawOpenBlas raw) {
    return new Timing.Trial() {
      @Override public void prepare() {
        raw.putA(jittered.data());
        raw.putB(lbar.data());
      }

      @Override public void run() {
        raw.potrfA();
        raw.gemmTN();
        raw.trsmLeftLowerTransOnC();
        raw.trsmRightLowerOnC();
      }
    };
  }
}
