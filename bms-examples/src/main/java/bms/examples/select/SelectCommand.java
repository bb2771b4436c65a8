package bms.examples.select;

import bms.dgp.selection.Candidate;
import bms.dgp.selection.CandidateResult;
import bms.dgp.selection.Criteria;
import bms.dgp.selection.Criterion;
import bms.dgp.selection.CrossValidationCriterion;
import bms.dgp.selection.Fold;
import bms.dgp.selection.HeldOutCriterion;
import bms.dgp.selection.ModelSelection;
import bms.dgp.selection.SelectionData;
import bms.dgp.selection.SelectionResult;
import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.data.NamedDataset;
import bms.examples.data.Splits;
import bms.examples.data.TrainTestSplit;
import bms.examples.data.UciDataset;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import bms.examples.study.StudyOptions;
import bms.examples.uci.FitOptions;
import bms.examples.uci.FitSettings;
import bms.examples.uci.ModelSpec;
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
import java.util.Random;
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
        + " training part of a seeded 90/10 split and ranks the candidates by the criteria of --criteria:"
        + " by default their optimised bound, held-out test log-likelihood and K-fold cross-validation on"
        + " the training part; also training speed (sum of training losses), the exact log marginal"
        + " likelihood (gpr) and the prequential evidence (gpr, sgpr). Reports the rank agreement with"
        + " held-out log-likelihood (Spearman, Kendall) and what each ranking cost (fits, seconds).",
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
        "  bms select --dataset yacht --candidates svgp-rbf,dgp2,sgpr,gpr --criteria bound,speed,prequential,cv",
        "  bms select --dataset protein --max-points 2000 --criteria bound,speed",
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

  @Option(names = "--criteria", paramLabel = "LIST", split = ",", defaultValue = SelectionSummary.DEFAULT_CRITERIA,
      description = "Comma-separated criteria to rank by: bound (optimised bound), heldout (test log-likelihood,"
          + " always computed), cv (K-fold cross-validation, K more fits per candidate), speed (training speed:"
          + " minus the sum of training losses of an Adam run, per step and point), exact (exact log marginal"
          + " likelihood, gpr only), prequential (prequential log evidence by Cholesky updates: gpr exact, sgpr"
          + " its Nystrom model) (default: ${DEFAULT-VALUE}).")
  List<String> criteriaNames;

  @Option(names = "--max-points", paramLabel = "N",
      description = "UCI: use a seeded random N of the data set's points (all of them by default); the summary"
          + " records the subsample.")
  Integer maxPoints;

  @Mixin
  RotatedMnistOptions mnist;

  /** Options only the UCI data sets take (refused with rotated-mnist). */
  static final List<String> UCI_ONLY = List.of("--max-points", "--train-fraction", "--train-samples", "--test-samples",
      "--noise-init", "--max-width", "--kmeans-points");

  @Override
  public Integer call() throws IOException {
    Instant started = Instant.now();
    List<Criterion> criteria = criteria();
    if (RotatedMnistSelection.ID.equals(dataset.strip().toLowerCase(Locale.ROOT).replace('_', '-'))) {
      return rotatedMnist(started, criteria);
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
    if (maxPoints != null && maxPoints < 10) {
      throw new IllegalArgumentException("--max-points must be at least 10, got " + maxPoints);
    }
    FitSettings settings = fit.settings();
    PrintStream out = parent.out();
    Path outDir = common.outDir("select-" + which.id());
    Files.createDirectories(outDir);

    NamedDataset full = which.load(common.dataRoot());
    NamedDataset all = subsample(full);
    TrainTestSplit split = Splits.trainTest(all, trainFraction, common.seed());
    if (folds > split.train().size()) {
      throw new IllegalArgumentException("--folds (K) = " + folds + " is more than the " + split.train().size()
          + " training points");
    }
    List<Fold<NamedDataset>> cvFolds = new ArrayList<>();
    for (TrainTestSplit f : Splits.kFold(split.train(), folds, common.seed())) {
      cvFolds.add(new Fold<>(f.train(), f.test(), f.test().size()));
    }
    int trainSize = split.train().size();
    out.printf(Locale.ROOT, "%s: %d train / %d test points, %d inputs%s; %d candidates, %d-fold CV on the training"
        + " part; %d steps per fit; seed %d%n", which.id(), trainSize, split.test().size(), all.features(),
        all.size() < full.size() ? " (a random " + all.size() + " of " + full.size() + ")" : "", specs.size(), folds,
        settings.steps(), common.seed());

    List<Candidate<NamedDataset>> cands = new ArrayList<>();
    for (int c = 0; c < specs.size(); c++) {
      cands.add(UciCandidate.of(names.get(c), specs.get(c), settings, common.seed(), common, parent.err()));
    }
    SelectionResult result = new ModelSelection<>(cands, criteria).listener(listener(out, criteria, "RMSE %9.4g",
        f -> ((UciCandidate.UciFit) f).result().testRmse())).run(new SelectionData<>(split.train(), split.test(),
        trainSize, cvFolds));

    Map<String, Object> summary = SelectionSummary.summarise(result, out);
    Path plot = outDir.resolve("bounds.png");
    boolean plotted = UciReport.writePlot(plot, result, trainSize, which.id());

    Map<String, Object> res = new LinkedHashMap<>();
    res.put("dataset", which.id());
    res.put("trainPoints", trainSize);
    res.put("testPoints", split.test().size());
    res.put("inputs", all.features());
    if (all.size() < full.size()) {
      res.put("subsample", Map.of("points", all.size(), "of", full.size()));
    }
    res.put("trainFraction", trainFraction);
    res.put("folds", folds);
    res.put("criteria", result.criteria().stream().map(Criterion::id).toList());
    res.put("settings", settings.asMap());
    res.put("candidates", UciReport.candidates(result, specs));
    Object criteriaMap = summary.remove("criteria");
    res.putAll(summary);
    res.put("byCriterion", criteriaMap);
    if (plotted) {
      res.put("plot", plot.getFileName().toString());
    }
    writeSummary(started, res, outDir, out);
    return 0;
  }

  /** The chosen criteria; held-out LL is always among them, since the others are judged against it. */
  private List<Criterion> criteria() {
    List<String> ids = new ArrayList<>(criteriaNames.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList());
    if (!ids.contains(HeldOutCriterion.ID)) {
      ids.add(HeldOutCriterion.ID);
    }
    return Criteria.parse(ids, common.seed());
  }

  /** A seeded random {@code --max-points} of the data set, or all of it. */
  private NamedDataset subsample(NamedDataset full) {
    if (maxPoints == null || maxPoints >= full.size()) {
      return full;
    }
    int[] rows = Splits.sampleWithoutReplacement(full.size(), maxPoints, new Random(common.seed() ^ 0x5DEECE66DL));
    java.util.Arrays.sort(rows);
    return full.subset(full.name() + "/subsample", rows);
  }

  /** Prints each candidate's line as it finishes and reports failed fits. */
  ModelSelection.Listener listener(PrintStream out, List<Criterion> criteria, String extraFormat,
      java.util.function.ToDoubleFunction<bms.dgp.selection.Fit> extra) {
    return new ModelSelection.Listener() {
      @Override
      public void fitFailed(String what, String message) {
        parent.err().println("bms select: " + what + " failed: " + message);
      }

      @Override
      public void candidateDone(CandidateResult c) {
        double seconds = c.fitSeconds();
        String cv = c.scores().containsKey(CrossValidationCriterion.ID) ? String.format(Locale.ROOT, ", CV %.1f s",
            c.score(CrossValidationCriterion.ID).seconds()) : "";
        out.printf(Locale.ROOT, "  %-14s bound/N %9.4f  test LL %8.4f  " + extraFormat + "%s  (fit %.1f s%s)%n",
            c.name(), c.score("bound").rankable(), c.score(HeldOutCriterion.ID).rankable(),
            c.fit() == null ? Double.NaN : extra.applyAsDouble(c.fit()),
            SelectionSummary.extraScores(c, criteria, folds), seconds, cv);
      }
    };
  }

  /** The rotated-mnist path: the MNIST study models, trained as bms rotated-mnist trains them. */
  private int rotatedMnist(Instant started, List<Criterion> criteria) throws IOException {
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
    SelectionResult result = selection.run(outDir, criteria, listener(out, criteria, "error %6.4f",
        f -> ((RotatedMnistSelection.StudyFit) f).result().testError()));

    Map<String, Object> summary = SelectionSummary.summarise(result, out);
    Path plot = outDir.resolve("bounds.png");
    boolean plotted = RotatedMnistSelection.writePlot(plot, result);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("dataset", RotatedMnistSelection.ID);
    res.put("trainPoints", study.trainSize());
    res.put("testPoints", study.testSize());
    res.put("inputs", study.side() * study.side());
    res.put("folds", folds);
    res.put("criteria", result.criteria().stream().map(Criterion::id).toList());
    res.put("settings", selection.settings());
    res.put("candidates", result.candidates().stream().map(c -> RotatedMnistSelection.toJson(c, result)).toList());
    Object criteriaMap = summary.remove("criteria");
    res.putAll(summary);
    res.put("byCriterion", criteriaMap);
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
}
