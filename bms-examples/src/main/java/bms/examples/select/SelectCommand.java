package bms.examples.select;

import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.data.NamedDataset;
import bms.examples.data.Splits;
import bms.examples.data.TrainTestSplit;
import bms.examples.data.UciDataset;
import bms.examples.report.LinePlot;
import bms.examples.report.ProgressBar;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import bms.examples.study.StudyOptions;
import bms.examples.uci.BoundTrace;
import bms.examples.uci.FitOptions;
import bms.examples.uci.FitResult;
import bms.examples.uci.FitSettings;
import bms.examples.uci.ModelSpec;
import bms.examples.uci.RegressionFit;
import bms.examples.uci.StandardisedSplit;
import bms.examples.uci.UciCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bms select}: model selection on a UCI data set. Every candidate is trained once on the
 * training part of a seeded split, which gives its optimised bound and its held-out
 * log-likelihood on the test part; K-fold cross-validation on the training part trains it K more
 * times. The three rankings are compared (Spearman, Kendall) and their costs reported: the bound
 * needs one fit per candidate, K-fold needs K.
 *
 * <p>The held-out log-likelihood stands in for "generalises best"; the question is whether the
 * bound, which needs no held-out data and one fit, picks as well as cross-validation does.
 */
@Command(name = "select", mixinStandardHelpOptions = true,
    description = {"Model selection on a shipped UCI data set: trains each candidate on the"
        + " training part of a seeded 90/10 split and ranks the candidates by their optimised"
        + " bound, by held-out test log-likelihood and by K-fold cross-validation on the training"
        + " part; reports the rank agreement (Spearman, Kendall) and what each ranking cost.",
        "--dataset rotated-mnist does the same with the MNIST study models (svgp-rbf, svgp-rotation,"
            + " svgp-affine, dgp) on rotated digits, trained as 'bms rotated-mnist' trains them; its"
            + " defaults are --steps " + RotatedMnistOptions.DEFAULT_STEPS + ", --inducing "
            + RotatedMnistOptions.DEFAULT_INDUCING + ", --batch " + RotatedMnistOptions.DEFAULT_BATCH + ", --lr "
            + RotatedMnistOptions.DEFAULT_LR + ", and the options marked rotated-mnist apply only to it.",
        "Writes summary.json and bounds.png (bound per point against step, every candidate) into"
            + " --out (default runs/select-<dataset>); rotated-mnist also keeps the last checkpoint of"
            + " every fit there (checkpoints/full, checkpoints/fold-<k>)."},
    footer = {"", "Examples:", "  bms select --dataset concrete",
        "  bms select --dataset kin8nm --steps 2000 --folds 3",
        "  bms select --dataset power --candidates svgp-rbf,svgp-matern52,dgp2",
        "  bms select --dataset rotated-mnist -k 3",
        "  bms select --dataset rotated-mnist --candidates svgp-rbf,svgp-rotation --train-size 2000"})
public final class SelectCommand implements Callable<Integer> {
  /** The default candidates. */
  public static final String DEFAULT_CANDIDATES = "svgp-rbf,svgp-matern52,svgp-arccos,dgp2,dgp3";

  @ParentCommand
  BmsCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  FitOptions fit;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "boston, concrete, energy, kin8nm, naval, power, protein, wine-red, yacht or rotated-mnist.")
  String dataset;

  @Option(names = "--candidates", paramLabel = "MODELS", split = ",", defaultValue = DEFAULT_CANDIDATES,
      description = "Comma-separated models to compare, as for 'bms uci --model' (default: ${DEFAULT-VALUE});"
          + " rotated-mnist: " + RotatedMnistSelection.KNOWN_TEXT + " (default: all).")
  List<String> candidates;

  @Option(names = {"-k", "--folds"}, paramLabel = "K", defaultValue = "5",
      description = "Folds of the cross-validation on the training part (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--train-fraction", paramLabel = "F", defaultValue = "0.9",
      description = "Fraction of the points used for training; the rest judges generalisation"
          + " (default: ${DEFAULT-VALUE}).")
  double trainFraction;

  @Mixin
  RotatedMnistOptions mnist;

  /** Options only the UCI data sets take (refused with rotated-mnist). */
  static final List<String> UCI_ONLY = List.of("--train-fraction", "--train-samples", "--test-samples",
      "--noise-init", "--max-width", "--kmeans-points");

  /** One candidate's numbers. */
  record Candidate(String name, ModelSpec spec, FitResult fit, String error, double cvLogLik, double[] foldLogLiks,
      double fitSeconds, double cvSeconds) implements Scored {
    /** The scores rank failed fits last. */
    @Override
    public double bound() {
      return Scored.finiteOrWorst(fit == null ? Double.NaN : fit.boundPerPoint());
    }

    @Override
    public double heldOut() {
      return Scored.finiteOrWorst(fit == null ? Double.NaN : fit.testLogLik());
    }

    @Override
    public double cv() {
      return Scored.finiteOrWorst(cvLogLik);
    }
  }

  @Override
  public Integer call() throws IOException {
    Instant started = Instant.now();
    if (RotatedMnistSelection.ID.equals(dataset.strip().toLowerCase(Locale.ROOT).replace('_', '-'))) {
      return rotatedMnist(started);
    }
    UciDataset which = uciDataset(dataset);
    refuse(RotatedMnistOptions.NAMES, "the rotated-mnist data set");
    List<String> names = new ArrayList<>();
    List<ModelSpec> specs = new ArrayList<>();
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (String c : candidates) {
      String name = c.strip().toLowerCase(Locale.ROOT);
      ModelSpec s = ModelSpec.parse(name);
      if (!seen.add(s.id())) {
        throw new IllegalArgumentException("--candidates names " + s.id() + " twice");
      }
      names.add(name);
      specs.add(s);
    }
    if (specs.size() < 2) {
      throw new IllegalArgumentException("--candidates needs at least 2 models to rank, got " + specs.size());
    }
    if (folds < 2) {
      throw new IllegalArgumentException("--folds (K) must be at least 2, got " + folds);
    }
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("--train-fraction must be in (0, 1), got " + trainFraction);
    }
    FitSettings settings = fit.settings();
    PrintStream out = parent.out();
    Path outDir = common.outDir("select-" + which.id());
    Files.createDirectories(outDir);

    NamedDataset all = which.load(common.dataRoot());
    TrainTestSplit split = Splits.trainTest(all, trainFraction, common.seed());
    if (folds > split.train().size()) {
      throw new IllegalArgumentException("--folds (K) = " + folds + " is more than the " + split.train().size()
          + " training points");
    }
    StandardisedSplit data = StandardisedSplit.of(split);
    List<TrainTestSplit> cvFolds = Splits.kFold(split.train(), folds, common.seed());
    out.printf(Locale.ROOT, "%s: %d train / %d test points, %d inputs; %d candidates, %d-fold CV on the training"
        + " part; %d steps per fit; seed %d%n", which.id(), data.trainSize(), data.testSize(), data.inputDim(),
        specs.size(), folds, settings.steps(), common.seed());

    int totalFits = specs.size() * (folds + 1);
    int fitNo = 0;
    List<Candidate> results = new ArrayList<>();
    for (int c = 0; c < specs.size(); c++) {
      String name = names.get(c);
      ModelSpec s = specs.get(c);
      FitResult full = null;
      String error = null;
      double fitSeconds;
      long t0 = System.nanoTime();
      try {
        full = fitOnce(s, settings, data, String.format(Locale.ROOT, "[%d/%d] %s", ++fitNo, totalFits, name));
      } catch (RuntimeException e) {
        error = describe(e);
        parent.err().println("bms select: " + name + " failed: " + error);
      }
      fitSeconds = (System.nanoTime() - t0) * 1e-9;
      double[] foldLl = new double[folds];
      double llSum = 0;
      long cvStart = System.nanoTime();
      for (int f = 0; f < folds; f++) {
        TrainTestSplit fold = cvFolds.get(f);
        String label = String.format(Locale.ROOT, "[%d/%d] %s fold %d/%d", ++fitNo, totalFits, name, f + 1, folds);
        try {
          FitResult r = fitOnce(s, settings, StandardisedSplit.of(fold), label);
          foldLl[f] = r.testLogLik();
        } catch (RuntimeException e) {
          foldLl[f] = Double.NaN;
          parent.err().println("bms select: " + name + " fold " + (f + 1) + " failed: " + describe(e));
        }
        llSum += foldLl[f] * fold.test().size(); // the CV score is the mean over all training points
      }
      double cvSeconds = (System.nanoTime() - cvStart) * 1e-9;
      Candidate cand = new Candidate(name, s, full, error, llSum / split.train().size(), foldLl, fitSeconds,
          cvSeconds);
      results.add(cand);
      out.printf(Locale.ROOT, "  %-14s bound/N %9.4f  test LL %8.4f  RMSE %9.4g  %d-fold CV LL %8.4f  (fit %.1f s,"
          + " CV %.1f s)%n", name, cand.bound(), cand.heldOut(), full == null ? Double.NaN : full.testRmse(), folds,
          cand.cv(), fitSeconds, cvSeconds);
    }

    Map<String, Object> summary = summarise(results, out);
    Path plot = outDir.resolve("bounds.png");
    boolean plotted = writePlot(plot, results, data.trainSize(), which.id());

    Map<String, Object> res = new LinkedHashMap<>();
    res.put("dataset", which.id());
    res.put("trainPoints", data.trainSize());
    res.put("testPoints", data.testSize());
    res.put("inputs", data.inputDim());
    res.put("trainFraction", trainFraction);
    res.put("folds", folds);
    res.put("settings", settings.asMap());
    List<Map<String, Object>> cands = new ArrayList<>();
    for (Candidate c : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("model", c.spec().id());
      if (c.error() != null) {
        m.put("error", c.error());
      }
      m.put("boundPerPoint", c.fit() == null ? Double.NaN : c.fit().boundPerPoint());
      m.put("testLogLik", c.fit() == null ? Double.NaN : c.fit().testLogLik());
      m.put("testRmse", c.fit() == null ? Double.NaN : c.fit().testRmse());
      m.put("cvLogLik", c.cvLogLik());
      m.put("foldLogLiks", c.foldLogLiks());
      m.put("fitSeconds", c.fitSeconds());
      m.put("cvSeconds", c.cvSeconds());
      if (c.fit() != null) {
        m.put("fit", c.fit().asMap());
      }
      cands.add(m);
    }
    res.put("candidates", cands);
    res.putAll(summary);
    if (plotted) {
      res.put("plot", plot.getFileName().toString());
    }
    writeSummary(started, res, outDir, out);
    return 0;
  }

  /** The rotated-mnist path: the MNIST study models, trained as bms rotated-mnist trains them. */
  private int rotatedMnist(Instant started) throws IOException {
    refuse(UCI_ONLY, "UCI data sets");
    FitSettings shared = fit.settings();
    StudyOptions study = StudyOptions.of(mnist.trainSize, mnist.testSize,
        given("--inducing") ? shared.numInducing() : RotatedMnistOptions.DEFAULT_INDUCING,
        given("--steps") ? shared.steps() : RotatedMnistOptions.DEFAULT_STEPS,
        given("--batch") ? shared.batchSize() : RotatedMnistOptions.DEFAULT_BATCH,
        given("--lr") ? shared.learningRate() : RotatedMnistOptions.DEFAULT_LR, mnist.pool);
    List<String> names = given("--candidates") ? candidates
        : List.of(RotatedMnistSelection.DEFAULT_CANDIDATES.split(","));
    PrintStream out = parent.out();
    RotatedMnistSelection selection = new RotatedMnistSelection(mnist, study, names, folds, common, out,
        parent.err());
    Path outDir = common.outDir("select-" + RotatedMnistSelection.ID);
    Files.createDirectories(outDir);
    List<RotatedMnistSelection.Candidate> results = selection.run(outDir);

    Map<String, Object> summary = summarise(results, out);
    Path plot = outDir.resolve("bounds.png");
    boolean plotted = RotatedMnistSelection.writePlot(plot, results);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("dataset", RotatedMnistSelection.ID);
    res.put("trainPoints", study.trainSize());
    res.put("testPoints", study.testSize());
    res.put("inputs", study.side() * study.side());
    res.put("folds", folds);
    res.put("settings", selection.settings());
    res.put("candidates", results.stream().map(RotatedMnistSelection::toJson).toList());
    res.putAll(summary);
    if (plotted) {
      res.put("plot", plot.getFileName().toString());
    }
    writeSummary(started, res, outDir, out);
    return 0;
  }

  /** The UCI data set, or an error that also names rotated-mnist. */
  private static UciDataset uciDataset(String id) {
    try {
      return UciDataset.byId(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; or " + RotatedMnistSelection.ID, e);
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** A clear error naming the first of {@code options} that was given but does not apply. */
  private void refuse(List<String> options, String onlyFor) {
    for (String o : options) {
      if (given(o)) {
        throw new IllegalArgumentException(o + " applies only to " + onlyFor + ", not to --dataset " + dataset);
      }
    }
  }

  private void writeSummary(Instant started, Map<String, Object> res, Path outDir, PrintStream out)
      throws IOException {
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, "select",
        List.copyOf(spec.commandLine().getParseResult().originalArgs()), common.seed(),
        started.truncatedTo(ChronoUnit.SECONDS).toString(), wall, RunSummary.currentEnvironment(), res);
    out.println("summary: " + SummaryJson.writeInto(outDir, s));
  }

  private FitResult fitOnce(ModelSpec s, FitSettings settings, StandardisedSplit data, String label)
      throws IOException {
    RegressionFit runner = new RegressionFit(s, settings, common.seed());
    try (ProgressBar bar = common.progress(label, settings.steps(), parent.err())) {
      runner.listener((step, total, bound) -> bar.update(step,
          String.format(Locale.ROOT, "bound/N=%.4f", bound / data.trainSize())), 10);
      return runner.run(data);
    }
  }

  /** Rankings, their agreement and their cost; printed and returned for summary.json. */
  static Map<String, Object> summarise(List<? extends Scored> cs, PrintStream out) {
    int n = cs.size();
    double[] bound = new double[n];
    double[] held = new double[n];
    double[] cv = new double[n];
    double boundCost = 0;
    double cvCost = 0;
    for (int i = 0; i < n; i++) {
      bound[i] = cs.get(i).bound();
      held[i] = cs.get(i).heldOut();
      cv[i] = cs.get(i).cv();
      boundCost += cs.get(i).fitSeconds();
      cvCost += cs.get(i).cvSeconds();
    }
    Map<String, Object> rankings = new LinkedHashMap<>();
    rankings.put("byBound", namesInOrder(cs, bound));
    rankings.put("byHeldOut", namesInOrder(cs, held));
    rankings.put("byCrossValidation", namesInOrder(cs, cv));
    Map<String, Object> agreement = new LinkedHashMap<>();
    agreement.put("boundVsHeldOut", pair(bound, held));
    agreement.put("crossValidationVsHeldOut", pair(cv, held));
    agreement.put("boundVsCrossValidation", pair(bound, cv));
    Map<String, Object> choice = new LinkedHashMap<>();
    String best = cs.get(RankAgreement.order(held)[0]).name();
    String byBound = cs.get(RankAgreement.order(bound)[0]).name();
    String byCv = cs.get(RankAgreement.order(cv)[0]).name();
    choice.put("bestHeldOut", best);
    choice.put("boundPicks", byBound);
    choice.put("crossValidationPicks", byCv);
    choice.put("boundPicksBest", byBound.equals(best));
    choice.put("crossValidationPicksBest", byCv.equals(best));
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("boundSeconds", boundCost);
    cost.put("crossValidationSeconds", cvCost);
    cost.put("crossValidationOverBound", cvCost / boundCost);
    cost.put("note", "the bound ranking needs one fit per candidate (the same fit gives the held-out score);"
        + " K-fold needs K fits per candidate");

    out.println("ranking by bound:            " + String.join(" > ", namesInOrder(cs, bound)));
    out.println("ranking by held-out LL:      " + String.join(" > ", namesInOrder(cs, held)));
    out.println("ranking by cross-validation: " + String.join(" > ", namesInOrder(cs, cv)));
    out.printf(Locale.ROOT, "agreement with held-out LL: bound Spearman %.3f Kendall %.3f; CV Spearman %.3f"
        + " Kendall %.3f%n", RankAgreement.spearman(bound, held), RankAgreement.kendall(bound, held),
        RankAgreement.spearman(cv, held), RankAgreement.kendall(cv, held));
    out.printf(Locale.ROOT, "best on held-out data: %s; the bound picks %s, CV picks %s%n", best, byBound, byCv);
    out.printf(Locale.ROOT, "cost: bound ranking %.1f s (one fit per model), CV ranking %.1f s (%.1fx)%n", boundCost,
        cvCost, cvCost / boundCost);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rankings", rankings);
    m.put("agreement", agreement);
    m.put("choice", choice);
    m.put("cost", cost);
    return m;
  }

  private static Map<String, Object> pair(double[] a, double[] b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spearman", RankAgreement.spearman(a, b));
    m.put("kendall", RankAgreement.kendall(a, b));
    return m;
  }

  private static List<String> namesInOrder(List<? extends Scored> cs, double[] scores) {
    List<String> out = new ArrayList<>();
    for (int i : RankAgreement.order(scores)) {
      out.add(cs.get(i).name());
    }
    return out;
  }

  /** Writes the plot unless no candidate was trained; returns whether it did. */
  private static boolean writePlot(Path file, List<Candidate> cs, int n, String dataset) throws IOException {
    LinePlot plot = new LinePlot("candidates on " + dataset + " (training part)", "step",
        "bound / N, moving average of 100 steps");
    List<String> names = new ArrayList<>();
    List<double[][]> series = new ArrayList<>();
    double floor = Double.POSITIVE_INFINITY;
    for (Candidate c : cs) {
      if (c.fit() == null || c.fit().trace().size() == 0) {
        continue;
      }
      BoundTrace t = c.fit().trace();
      long[] steps = t.steps();
      double[] x = new double[steps.length];
      double[] y = t.movingAverage(Math.min(100, Math.max(1, t.size() / 10)));
      for (int i = 0; i < x.length; i++) {
        x[i] = steps[i];
        y[i] /= n;
      }
      floor = Math.min(floor, UciCommand.plotFloor(y));
      names.add(c.name());
      series.add(new double[][] {x, y});
    }
    // Leave out the first steps' very low values (as bms uci does) so the end is readable.
    for (int k = 0; k < series.size(); k++) {
      double[] y = series.get(k)[1];
      for (int i = 0; i < y.length; i++) {
        if (y[i] < floor) {
          y[i] = Double.NaN;
        }
      }
      plot.add(names.get(k), series.get(k)[0], y);
    }
    if (plot.seriesCount() == 0) {
      return false;
    }
    plot.write(file, 900, 560);
    return true;
  }

  private static String describe(Throwable t) {
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }
}
