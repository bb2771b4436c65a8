package bms.examples.study;

import bms.core.io.AtomicFiles;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.examples.CommonOptions;
import bms.examples.report.LinePlot;
import bms.examples.report.ProgressBar;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a classification study: trains each candidate model with the same data, inducing-point
 * count, steps and seed (checkpointing under {@code --out}/checkpoints/&lt;model&gt;), evaluates
 * it, and writes summary.json, the bound-against-step plot and a table on stdout. The commands
 * add their own plots through {@link #writePlot}.
 *
 * <p>Layout of {@code --out}: summary.json, *.png, checkpoints/config.json (the options that
 * must match for --resume), checkpoints/&lt;model&gt;/ckpt-*.bin and trace.json.
 */
public final class Study {
  static final String CHECKPOINTS = "checkpoints";
  static final String CONFIG = "config.json";
  static final String BOUND_PLOT = "bound.png";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String command;
  private final List<String> arguments;
  private final CommonOptions common;
  private final StudyOptions options;
  private final Path out;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Instant started = Instant.now();
  private final List<String> plots = new ArrayList<>();

  public Study(String command, List<String> arguments, CommonOptions common, StudyOptions options, PrintStream stdout,
      PrintStream stderr) {
    this.command = command;
    this.arguments = List.copyOf(arguments);
    this.common = common;
    this.options = options;
    this.out = common.outDir(command);
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public Path outDir() {
    return out;
  }

  /**
   * Prepares --out: with --resume, checks that the saved configuration equals {@code config}
   * (everything that fixes the data and the models; not --steps); without it, removes the
   * checkpoints of an earlier run so they cannot be resumed by mistake later.
   */
  public void prepare(Map<String, Object> config, List<String> modelNames) throws IOException {
    Path dir = out.resolve(CHECKPOINTS);
    Path file = dir.resolve(CONFIG);
    String json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n";
    if (options.resume() && Files.exists(file)) {
      Map<?, ?> saved = MAPPER.readValue(file.toFile(), Map.class);
      Map<?, ?> now = MAPPER.readValue(json, Map.class);
      for (Map.Entry<?, ?> e : now.entrySet()) {
        if (!java.util.Objects.equals(saved.get(e.getKey()), e.getValue())) {
          throw new IllegalArgumentException("cannot --resume: the checkpoints in " + dir + " were made with "
              + e.getKey() + " = " + saved.get(e.getKey()) + ", this run has " + e.getValue());
        }
      }
    } else if (!options.resume()) {
      for (String name : modelNames) clearCheckpoints(dir.resolve(name));
    }
    Files.createDirectories(dir);
    AtomicFiles.writeString(file, json);
  }

  private static void clearCheckpoints(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{ckpt-*.bin,trace.json}")) {
      for (Path f : files) Files.delete(f);
    }
  }

  /**
   * Trains and evaluates one model (built by {@code build}, so that models are made one at a
   * time), with progress on stderr.
   */
  public ModelResult run(Supplier<StudyModel> build, Dataset train, Dataset test) throws IOException {
    return run(build, train, test, options);
  }

  /** As {@link #run(Supplier, Dataset, Dataset)}, with this model's own sizes and training options. */
  public ModelResult run(Supplier<StudyModel> build, Dataset train, Dataset test, StudyOptions options)
      throws IOException {
    ModelResult r = trainAndEvaluate(build, train, test, options, common.seed(), out.resolve(CHECKPOINTS),
        (name, steps) -> common.progress(String.format(Locale.ROOT, "%-13s", name), steps, stderr));
    if (!r.outcome().status().equals("completed")) {
      stderr.println("bms " + command + ": " + r.name() + ": " + r.outcome().message());
    }
    return r;
  }

  /** Makes the progress bar of one model's training. */
  @FunctionalInterface
  public interface Progress {
    ProgressBar bar(String modelName, long steps);
  }

  /**
   * Trains one model as a study does (checkpoints in {@code checkpoints}/&lt;model&gt;), then
   * scores it: the final bound per point on all of {@code train}, and the test error and mean log
   * predictive density on {@code test}. Public so that bms select trains the same way.
   */
  public static ModelResult trainAndEvaluate(Supplier<StudyModel> build, Dataset train, Dataset test,
      StudyOptions options, long seed, Path checkpoints, Progress progress) throws IOException {
    StudyModel model = build.get();
    Map<String, Double> initial = model.ranges();
    Path dir = checkpoints.resolve(model.name());
    ProgressBar bar = progress.bar(model.name(), Math.max(1, options.steps()));
    ModelTraining.Outcome o = ModelTraining.train(model, train, options.settings(seed), dir, bar);
    long t0 = System.nanoTime();
    RandomStream eval = new RandomStream(seed).child("evaluation");
    double bound = model.boundPerPoint(train, eval.child("bound"));
    StudyModel.Predictions p = model.predict(test, eval.child("test"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new ModelResult(model, o, bound, p.error(test.y()), p.meanLogDensity(), o.trace().seconds(), seconds,
        initial, model.ranges());
  }

  /** Writes a plot into --out and lists it in the summary. */
  public void writePlot(String fileName, PlotWriter writer) throws IOException {
    Path file = out.resolve(fileName);
    writer.write(file);
    plots.add(fileName);
  }

  /** Writes one PNG file. */
  @FunctionalInterface
  public interface PlotWriter {
    void write(Path file) throws IOException;
  }

  /**
   * The bound per point against the step for every model: a running mean over a window of
   * steps of the minibatch estimates (each step's estimate alone is noisy).
   */
  public void writeBoundPlot(List<ModelResult> results) throws IOException {
    LinePlot plot = new LinePlot("ELBO per training point (running mean of minibatch estimates)", "Adam step",
        "bound / N");
    for (ModelResult r : results) {
      double[] b = r.outcome().trace().bound();
      if (b.length == 0) continue;
      plot.add(r.name(), steps(b.length), runningMean(b, Math.max(1, b.length / 40)));
    }
    if (plot.seriesCount() > 0) writePlot(BOUND_PLOT, f -> plot.write(f, 900, 560));
  }

  /** A plot of one learned range against the step for every model that has it. */
  public void writeRangePlot(List<ModelResult> results, String range, String fileName, String title, String yLabel)
      throws IOException {
    LinePlot plot = new LinePlot(title, "Adam step", yLabel);
    for (ModelResult r : results) {
      if (r.model().invariant() && r.outcome().trace().rangeNames().contains(range)) {
        double[] v = r.outcome().trace().range(range);
        if (v.length > 0) plot.add(r.name(), steps(v.length), v);
      }
    }
    if (plot.seriesCount() > 0) writePlot(fileName, f -> plot.write(f, 900, 560));
  }

  /** Writes summary.json (config, per-model results, choices) and the table on stdout. */
  public Path finish(Map<String, Object> config, List<ModelResult> results) throws IOException {
    Map<String, Object> models = new LinkedHashMap<>();
    for (ModelResult r : results) models.put(r.name(), r.toJson());
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("config", config);
    res.put("models", models);
    res.put("highestBound", best(results, true));
    res.put("lowestTestError", best(results, false));
    res.put("plots", plots);
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, command, arguments, common.seed(),
        started.truncatedTo(ChronoUnit.SECONDS).toString(), wall, RunSummary.currentEnvironment(), res);
    Path file = SummaryJson.writeInto(out, s);
    printTable(results);
    stdout.println("summary: " + file);
    for (String p : plots) stdout.println("plot:    " + out.resolve(p));
    return file;
  }

  private void printTable(List<ModelResult> results) {
    stdout.printf(Locale.ROOT, "%-14s %10s %9s %10s %9s  %s%n", "model", "bound/N", "test err", "test mlpd",
        "train s", "learned ranges");
    for (ModelResult r : results) {
      StringBuilder ranges = new StringBuilder();
      r.finalRanges().forEach((k, v) -> ranges.append(String.format(Locale.ROOT, "%s=%.3g ", k, v)));
      stdout.printf(Locale.ROOT, "%-14s %10.4f %9.4f %10.4f %9.1f  %s%n", r.name(), r.boundPerPoint(), r.testError(),
          r.testMeanLogDensity(), r.trainSeconds(), ranges.toString().trim());
    }
    if (results.size() > 1) {
      stdout.println("highest bound: " + best(results, true) + "; lowest test error: " + best(results, false));
    }
  }

  /** The model with the highest bound (or the lowest test error); null when there is none. */
  static String best(List<ModelResult> results, boolean byBound) {
    ModelResult best = null;
    for (ModelResult r : results) {
      // A network classifier's objective (a Gaussian density of one-hot vectors, or a training
      // log-likelihood) is not a bound on log p(labels): it cannot be ranked against the ELBOs.
      if (byBound && r.model().network() != null) continue;
      double v = byBound ? r.boundPerPoint() : -r.testError();
      if (Double.isNaN(v)) continue;
      if (best == null || v > (byBound ? best.boundPerPoint() : -best.testError())) best = r;
    }
    return best == null ? null : best.name();
  }

  public static double[] steps(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = i + 1;
    return x;
  }

  /** Mean of the last {@code w} values up to and including each index. */
  public static double[] runningMean(double[] v, int w) {
    double[] out = new double[v.length];
    double sum = 0;
    int finite = 0;
    for (int i = 0; i < v.length; i++) {
      if (Double.isFinite(v[i])) {
        sum += v[i];
        finite++;
      }
      if (i >= w && Double.isFinite(v[i - w])) {
        sum -= v[i - w];
        finite--;
      }
      out[i] = finite == 0 ? Double.NaN : sum / finite;
    }
    return out;
  }
}
