package bms.examples.fit;

import bms.dgp.random.RandomStream;
import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.data.UserCsv;
import bms.examples.data.UserTable;
import bms.examples.report.ProgressBar;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import bms.examples.uci.FitOptions;
import bms.examples.uci.FitSettings;
import bms.examples.uci.ModelSpec;
import bms.examples.uci.UciCommand;
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
 * {@code bms fit}: trains a model on the user's own CSV file and saves it ({@code model.bin})
 * for {@code bms predict}.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = {"Trains a model on your CSV file (a header row, one row per point) and saves it for"
        + " bms predict.",
        "Inputs (and a numeric target) are standardised as bms uci does; a target of labels is classified"
        + " (bernoulli for two labels, multiclass for more). Writes model.bin, summary.json and bound.png"
        + " into --out (default runs/fit-<file name>).",
        "Bad data (missing or duplicate header names, a missing column, non-numeric or missing cells)"
        + " stop with exit code 2 and the file, line and column."},
    footer = {"", "Examples:", "  bms fit --csv houses.csv --target price --out runs/houses",
        "  bms fit --csv flowers.csv --target species --model dgp2 --features petal_length,petal_width",
        "  bms predict --model runs/houses/model.bin --csv new-houses.csv --out predictions.csv"})
public final class FitCommand implements Callable<Integer> {
  @ParentCommand
  BmsCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  FitOptions fit;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The data: CSV with a header row.")
  Path csv;

  @Option(names = "--target", required = true, paramLabel = "COL", description = "The column to predict.")
  String target;

  @Option(names = "--features", split = ",", paramLabel = "COL",
      description = "The input columns (default: every column but the target).")
  List<String> features = List.of();

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = "svgp",
      description = "svgp, sgpr, gpr, dgp2, dgp3 (dgpL: L layers) (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--kernel", paramLabel = "KERNEL",
      description = "rbf (default), matern52 or arccos, for svgp, sgpr and gpr.")
  String kernel;

  @Option(names = "--likelihood", paramLabel = "NAME",
      description = "gaussian, bernoulli or multiclass (default: gaussian for a numeric target, else"
          + " bernoulli for two labels and multiclass for more).")
  String likelihood;

  @Option(names = "--drop-missing", description = "Leave out rows with an empty, NaN or NA cell in the columns used.")
  boolean dropMissing;

  @Override
  public Integer call() throws IOException {
    Instant started = Instant.now();
    ModelSpec modelSpec = modelSpec(model, kernel);
    FitSettings settings = fit.settings();
    if (likelihood != null) {
      bms.examples.uci.LikelihoodChoice.byId(likelihood); // a clear error before reading the data
    }
    PrintStream out = parent.out();
    String name = csv.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path outDir = common.outDir("fit-" + name);

    UserTable table = UserCsv.read(csv);
    UserData data = UserData.of(table, target, features, likelihood, dropMissing);
    out.printf(Locale.ROOT, "%s: %d rows%s, %d inputs (%s); target '%s', %s%s; model %s; seed %d%n", csv,
        data.size(), data.dropped() > 0 ? " (" + data.dropped() + " with missing cells left out)" : "",
        data.features().size(), String.join(", ", data.features()), target, data.likelihood().id(),
        data.labels().isEmpty() ? "" : " over labels " + data.labels(), modelSpec.id(), common.seed());
    if (data.likelihood().classification() && !modelSpec.stochastic()) {
      throw new IllegalArgumentException(modelSpec.id() + " needs a Gaussian likelihood; classify with svgp or dgpL");
    }
    Files.createDirectories(outDir);

    UserFit.Fitted f;
    try (ProgressBar bar = common.progress("train " + modelSpec.id(), settings.steps(), parent.err())) {
      f = UserFit.fit(data, modelSpec, settings, common.seed(), (step, total, bound) -> bar.update(step,
          String.format(Locale.ROOT, "bound/N=%.4f", bound / data.size())),
          note -> parent.err().println("bms fit: " + note));
    }
    var r = f.trained().result();
    if (r.status().name().equals("NON_FINITE")) {
      parent.err().println("bms fit: warning: " + r.message());
    }
    long t0 = System.nanoTime();
    double bound = f.model().bound(new RandomStream(common.seed()).child("eval").child("bound"));
    UserPredictions fitted = UserPredictions.of(f.model(), f.saved(), data.x());
    double evalSeconds = (System.nanoTime() - t0) * 1e-9;

    Path modelFile = outDir.resolve("model.bin");
    ModelFile.write(f.saved(), modelFile);
    Path plot = outDir.resolve("bound.png");
    UciCommand.writePlot(plot, modelSpec.id(), f.trained().trace(), r.steps(), bound / data.size(), data.size(), name);

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("csv", csv.toString());
    results.put("rows", data.size());
    results.put("rowsLeftOut", data.dropped());
    results.put("features", data.features());
    results.put("target", target);
    results.put("likelihood", data.likelihood().id());
    results.put("labels", data.labels());
    results.put("model", modelSpec.id());
    results.put("settings", f.settings().asMap());
    results.put("status", r.status().name());
    results.put("message", r.message());
    results.put("steps", r.steps());
    results.put("trainSeconds", r.seconds());
    results.put("evalSeconds", evalSeconds);
    results.put("bound", bound);
    results.put("boundPerPoint", bound / data.size());
    if (data.likelihood().classification()) {
      double err = trainingError(fitted, data);
      results.put("trainError", err);
      out.printf(Locale.ROOT, "%s: bound %.2f (%.4f per point); training error %.4f; %d steps, %.1f s%n",
          modelSpec.id(), bound, bound / data.size(), err, r.steps(), r.seconds());
    } else {
      double logJac = f.saved().standardizer().logJacobian();
      double rmse = trainingRmse(fitted, data);
      double sy = f.saved().standardizer().yScale()[0];
      results.put("boundOriginalUnits", bound + data.size() * logJac);
      results.put("trainRmse", rmse);
      results.put("noiseVariance", f.model().noiseVariance() * sy * sy);
      out.printf(Locale.ROOT, "%s: bound %.2f (%.4f per point, standardised target); training RMSE %.4f"
          + " (original units); %d steps, %.1f s%n", modelSpec.id(), bound, bound / data.size(), rmse, r.steps(),
          r.seconds());
    }
    results.put("modelFile", modelFile.getFileName().toString());
    results.put("modelFormatVersion", ModelFile.FORMAT_VERSION);
    results.put("plot", plot.getFileName().toString());
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, "fit", List.copyOf(spec.commandLine().getParseResult()
        .originalArgs()), common.seed(), started.truncatedTo(ChronoUnit.SECONDS).toString(), wall,
        RunSummary.currentEnvironment(), results);
    out.println("model: " + modelFile);
    out.println("summary: " + SummaryJson.writeInto(outDir, s));
    return 0;
  }

  /** --model with --kernel: "svgp" and "matern52" make "svgp-matern52". */
  static ModelSpec modelSpec(String model, String kernel) {
    if (kernel == null) {
      return ModelSpec.parse(model);
    }
    if (model.contains("-")) {
      throw new IllegalArgumentException("--model " + model + " names its kernel already; drop --kernel " + kernel);
    }
    return ModelSpec.parse(model + "-" + kernel);
  }

  private static double trainingError(UserPredictions p, UserData data) {
    int wrong = 0;
    for (int i = 0; i < data.size(); i++) {
      if (!p.predictedLabels()[i].equals(data.labels().get((int) data.y().get(i, 0)))) wrong++;
    }
    return (double) wrong / data.size();
  }

  private static double trainingRmse(UserPredictions p, UserData data) {
    double sse = 0;
    for (int i = 0; i < data.size(); i++) {
      double e = p.values().get(i, 0) - data.y().get(i, 0);
      sse += e * e;
    }
    return Math.sqrt(sse / data.size());
  }
}
