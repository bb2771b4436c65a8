package bms.examples.uci;

import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.data.DataRoot;
import bms.examples.data.NamedDataset;
import bms.examples.data.Splits;
import bms.examples.data.UciDataset;
import bms.examples.report.LinePlot;
import bms.examples.report.ProgressBar;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bms uci}: trains one regression model on a shipped UCI data set with a seeded train/test
 * split (90/10 by default), inputs and outputs standardised on the training part, and reports the
 * test RMSE and test log-likelihood in original units and the final bound.
 */
@Command(name = "uci", mixinStandardHelpOptions = true,
    description = {"Regression on a shipped UCI data set: a seeded 90/10 split, inputs and targets"
        + " standardised with the training moments, one model trained, test RMSE and mean test"
        + " log-likelihood reported in original units with the final bound.",
        "Writes summary.json, bound.png (bound per point against step) and trace.csv into --out"
        + " (default runs/uci-<dataset>-<model>); Adam-trained models checkpoint into"
        + " --out/checkpoints and continue with --resume.",
        "Defaults are the published setting of Salimbeni and Deisenroth (2017) on kin8nm."},
    footer = {"", "Examples:", "  bms uci --dataset kin8nm --model dgp2",
        "  bms uci --dataset yacht --model svgp-matern52 --steps 2000 --out runs/yacht",
        "  bms uci --dataset kin8nm --model dgp3 --out runs/k3 --resume"})
public final class UciCommand implements Callable<Integer> {
  @ParentCommand
  BmsCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  FitOptions fit;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "boston, concrete, energy, kin8nm, naval, power, protein, wine-red or yacht.")
  String dataset;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = "svgp",
      description = "gpr, sgpr, svgp, dgp2, dgp3 (dgpL: L layers); gpr, sgpr and svgp take a kernel"
          + " suffix -rbf, -matern52 or -arccos (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--train-fraction", paramLabel = "F", defaultValue = "0.9",
      description = "Fraction of the points used for training (default: ${DEFAULT-VALUE}).")
  double trainFraction;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "500",
      description = "Save a checkpoint every N Adam steps (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(names = "--resume",
      description = "Continue from the newest checkpoint in --out/checkpoints (same settings; --steps may grow).")
  boolean resume;

  @Override
  public Integer call() throws IOException {
    Instant started = Instant.now();
    // Check every argument before loading data or training, so mistakes fail at once.
    UciDataset which = UciDataset.byId(dataset);
    ModelSpec modelSpec = ModelSpec.parse(model);
    FitSettings settings = fit.settings();
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("--train-fraction must be in (0, 1), got " + trainFraction);
    }
    if (checkpointEvery <= 0) {
      throw new IllegalArgumentException("--checkpoint-every must be positive, got " + checkpointEvery);
    }
    PrintStream out = parent.out();
    DataRoot root = common.dataRoot();
    Path outDir = common.outDir("uci-" + which.id() + "-" + modelSpec.id());
    Files.createDirectories(outDir);

    NamedDataset all = which.load(root);
    StandardisedSplit data = StandardisedSplit.of(Splits.trainTest(all, trainFraction, common.seed()));
    out.printf(Locale.ROOT, "%s: %d train / %d test points, %d inputs; model %s; seed %d%n", which.id(),
        data.trainSize(), data.testSize(), data.inputDim(), modelSpec.id(), common.seed());

    Map<String, Object> key = new LinkedHashMap<>();
    key.put("dataset", which.id());
    key.put("trainFraction", trainFraction);
    RegressionFit runner = new RegressionFit(modelSpec, settings, common.seed());
    if (modelSpec.stochastic()) {
      runner.checkpointing(new RegressionFit.Checkpointing(outDir.resolve("checkpoints"), checkpointEvery, resume,
          key));
    } else if (resume) {
      runner.checkpointing(new RegressionFit.Checkpointing(outDir.resolve("checkpoints"), checkpointEvery, true,
          key)); // refuses with a clear message
    }
    FitResult r;
    try (ProgressBar bar = common.progress("train " + modelSpec.id(), settings.steps(), parent.err())) {
      runner.listener((step, total, bound) -> bar.update(step,
          String.format(Locale.ROOT, "bound/N=%.4f", bound / data.trainSize())), 10);
      r = runner.run(data);
    }
    if (r.resumedFromStep() > 0) {
      out.printf(Locale.ROOT, "resumed from the checkpoint at step %d%n", r.resumedFromStep());
    }
    if (r.status().equals("NON_FINITE")) {
      parent.err().println("bms uci: warning: " + r.message());
    }
    out.printf(Locale.ROOT, "%s on %s: test RMSE %.4f, test log-likelihood %.4f (original units);"
        + " bound %.2f (%.4f per point, standardised targets); %d steps, %.1f s training%n", modelSpec.id(),
        which.id(), r.testRmse(), r.testLogLik(), r.bound(), r.boundPerPoint(), r.steps(), r.trainSeconds());

    Path plot = outDir.resolve("bound.png");
    writePlot(plot, r, data.trainSize(), which.id());
    r.trace().write(outDir.resolve("trace.csv"));

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("dataset", which.id());
    results.put("trainPoints", data.trainSize());
    results.put("testPoints", data.testSize());
    results.put("inputs", data.inputDim());
    results.put("trainFraction", trainFraction);
    results.put("settings", settings.asMap());
    results.putAll(r.asMap());
    results.put("plot", plot.getFileName().toString());
    results.put("trace", "trace.csv");
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, "uci", List.copyOf(spec.commandLine().getParseResult()
        .originalArgs()), common.seed(), started.truncatedTo(ChronoUnit.SECONDS).toString(), wall,
        RunSummary.currentEnvironment(), results);
    out.println("summary: " + SummaryJson.writeInto(outDir, s));
    return 0;
  }

  /**
   * Bound per point against step: the per-step minibatch estimates and their moving average.
   * The first steps sit far below the rest (-20 per point against -0.2 at the end on kin8nm), so
   * values below {@link #plotFloor} are left out to keep the converging part readable.
   */
  static void writePlot(Path file, FitResult r, int n, String dataset) throws IOException {
    writePlot(file, r.model(), r.trace(), r.steps(), r.boundPerPoint(), n, dataset);
  }

  /** {@link #writePlot(Path, FitResult, int, String)} from the pieces of a run. */
  public static void writePlot(Path file, String model, BoundTrace t, long steps, double boundPerPoint, int n,
      String dataset) throws IOException {
    LinePlot plot;
    if (t.size() == 0) {
      plot = new LinePlot(model + " on " + dataset, "step", "bound / N (standardised y)");
      plot.add(model + " final bound", new double[] {steps}, new double[] {boundPerPoint});
    } else {
      double[] x = new double[t.size()];
      long[] traceSteps = t.steps();
      for (int i = 0; i < x.length; i++) {
        x[i] = traceSteps[i];
      }
      double[] y = t.values();
      double[] avg = t.movingAverage(100);
      for (int i = 0; i < y.length; i++) {
        y[i] /= n;
        avg[i] /= n;
      }
      double floor = plotFloor(avg);
      int hidden = 0;
      for (int i = 0; i < y.length; i++) {
        if (y[i] < floor) {
          y[i] = Double.NaN; // LinePlot leaves a gap
          hidden++;
        }
        if (avg[i] < floor) {
          avg[i] = Double.NaN;
        }
      }
      String title = model + " on " + dataset
          + (hidden > 0 ? String.format(Locale.ROOT, " (%d early steps below %.2f not shown)", hidden, floor) : "");
      plot = new LinePlot(title, "step", "bound / N (standardised y)");
      // The first series is drawn on top: the average over the noisy per-step values.
      if (t.size() >= 200) {
        plot.add("moving average (100 steps)", x, avg);
      }
      plot.add("per step", x, y);
    }
    plot.write(file, 900, 560);
  }

  /**
   * The lowest value worth drawing: the range the moving average spans after the first 5% of the
   * steps, extended below by half of itself; -infinity for short or flat traces.
   */
  public static double plotFloor(double[] movingAverage) {
    int from = movingAverage.length / 20;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = from; i < movingAverage.length; i++) {
      if (Double.isFinite(movingAverage[i])) {
        lo = Math.min(lo, movingAverage[i]);
        hi = Math.max(hi, movingAverage[i]);
      }
    }
    if (movingAverage.length < 200 || !(hi > lo)) {
      return Double.NEGATIVE_INFINITY;
    }
    return lo - 0.5 * (hi - lo);
  }
}
