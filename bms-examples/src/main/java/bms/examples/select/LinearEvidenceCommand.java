package bms.examples.select;

import bms.dgp.evidence.TrainingSpeed;
import bms.dgp.selection.Candidate;
import bms.dgp.selection.CandidateResult;
import bms.dgp.selection.Criteria;
import bms.dgp.selection.Criterion;
import bms.dgp.selection.Fold;
import bms.dgp.selection.ModelSelection;
import bms.dgp.selection.RankCorrelation;
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
import bms.kernels.Matern12;
import bms.kernels.Matern32;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.Stationary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bms evidence}: training speed against the exact evidence where both are known. The
 * candidates are Bayesian linear models on random Fourier features (kernel x lengthscale x
 * noise), whose log evidence is exact; Lyle et al.'s training-speed estimator runs
 * sample-then-optimise point by point. The command ranks the candidates by exact evidence,
 * training speed, held-out log-likelihood and K-fold CV and reports how far they agree.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
    description = {"Training speed as evidence, where the evidence is exact: Bayesian linear models on random"
        + " Fourier features of several kernels, lengthscales and noise levels, on a UCI data set, ranked by"
        + " exact log evidence, by Lyle et al.'s training-speed estimate (sample-then-optimise ensemble, data"
        + " revealed one point at a time), by held-out log-likelihood and by K-fold CV.",
        "Writes summary.json into --out (default runs/evidence-<dataset>)."},
    footer = {"", "Examples:", "  bms evidence --dataset concrete", "  bms evidence --dataset kin8nm --max-points 2000"})
public final class LinearEvidenceCommand implements Callable<Integer> {
  @ParentCommand
  BmsCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "boston, concrete, energy, kin8nm, naval, power, protein, wine-red or yacht.")
  String dataset;

  @Option(names = "--kernels", split = ",", defaultValue = "rbf,matern12,matern52", paramLabel = "LIST",
      description = "Kernels whose Fourier features to use: rbf, matern12, matern32, matern52 (default: ${DEFAULT-VALUE}).")
  List<String> kernels;

  @Option(names = "--lengthscales", split = ",", defaultValue = "0.25,0.5,1,2,4,8", paramLabel = "LIST",
      description = "Lengthscales on the standardised inputs (default: ${DEFAULT-VALUE}).")
  List<Double> lengthscales;

  @Option(names = "--noise", split = ",", defaultValue = "0.05,0.3", paramLabel = "LIST",
      description = "Noise variances, standardised units (default: ${DEFAULT-VALUE}).")
  List<Double> noises;

  @Option(names = "--features", defaultValue = "100", paramLabel = "F",
      description = "Random Fourier features per model (default: ${DEFAULT-VALUE}).")
  int features;

  @Option(names = "--members", defaultValue = "16", paramLabel = "K",
      description = "Sample-then-optimise ensemble members for the training-speed estimate (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(names = {"-k", "--folds"}, defaultValue = "3", paramLabel = "K",
      description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--max-points", paramLabel = "N",
      description = "Use a seeded random N of the data set's points (all by default).")
  Integer maxPoints;

  @Option(names = "--train-fraction", defaultValue = "0.9", paramLabel = "F",
      description = "Fraction of the points used for training (default: ${DEFAULT-VALUE}).")
  double trainFraction;

  static DoubleFunction<Stationary> kernel(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "rbf" -> l -> new SquaredExponential(1.0, l);
      case "matern12" -> l -> new Matern12(1.0, l);
      case "matern32" -> l -> new Matern32(1.0, l);
      case "matern52" -> l -> new Matern52(1.0, l);
      default -> throw new IllegalArgumentException("unknown kernel '" + name.strip()
          + "'; known: rbf, matern12, matern32, matern52");
    };
  }

  @Override
  public Integer call() throws IOException {
    Instant started = Instant.now();
    UciDataset which = UciDataset.byId(dataset);
    if (features < 1) throw new IllegalArgumentException("--features must be positive, got " + features);
    if (members < 2) throw new IllegalArgumentException("--members must be at least 2, got " + members);
    if (folds < 2) throw new IllegalArgumentException("--folds (K) must be at least 2, got " + folds);
    for (double l : lengthscales) {
      if (!(l > 0)) throw new IllegalArgumentException("--lengthscales must be positive, got " + l);
    }
    for (double s : noises) {
      if (!(s > 0)) throw new IllegalArgumentException("--noise must be positive, got " + s);
    }
    List<Candidate<NamedDataset>> cands = new ArrayList<>();
    for (String k : kernels) {
      DoubleFunction<Stationary> kf = kernel(k);
      for (double l : lengthscales) {
        for (double s2 : noises) {
          String name = String.format(Locale.ROOT, "%s-l%s-s%s", k.strip().toLowerCase(Locale.ROOT), trim(l), trim(s2));
          cands.add(LinearEvidenceCandidate.of(name, kf, l, s2, features, members, common.seed()));
        }
      }
    }
    PrintStream out = parent.out();
    NamedDataset full = which.load(common.dataRoot());
    NamedDataset all = full;
    if (maxPoints != null && maxPoints < full.size()) {
      int[] rows = Splits.sampleWithoutReplacement(full.size(), maxPoints, new Random(common.seed() ^ 0x5DEECE66DL));
      Arrays.sort(rows);
      all = full.subset(full.name() + "/subsample", rows);
    }
    TrainTestSplit split = Splits.trainTest(all, trainFraction, common.seed());
    List<Fold<NamedDataset>> cv = new ArrayList<>();
    for (TrainTestSplit f : Splits.kFold(split.train(), folds, common.seed())) {
      cv.add(new Fold<>(f.train(), f.test(), f.test().size()));
    }
    int n = split.train().size();
    out.printf(Locale.ROOT, "%s: %d train / %d test points%s; %d candidates (F = %d features, K = %d members)%n",
        which.id(), n, split.test().size(), all.size() < full.size() ? " (a random " + all.size() + " of "
        + full.size() + ")" : "", cands.size(), features, members);
    List<Criterion> criteria = Criteria.parse(List.of("exact", "speed", "heldout", "cv"), common.seed());
    SelectionResult r = new ModelSelection<>(cands, criteria).listener(new ModelSelection.Listener() {
      @Override
      public void fitFailed(String what, String message) {
        parent.err().println("bms evidence: " + what + " failed: " + message);
      }
    }).run(new SelectionData<>(split.train(), split.test(), n, cv));

    out.printf(Locale.ROOT, "  %-22s %10s %10s %10s %10s %10s%n", "candidate", "evidence/N", "bound/N", "speed/N",
        "held-out", "CV");
    List<Map<String, Object>> candJson = new ArrayList<>();
    double[] lower = new double[cands.size()];
    for (int i = 0; i < cands.size(); i++) {
      CandidateResult c = r.candidates().get(i);
      LinearEvidenceCandidate.LinearFit f = (LinearEvidenceCandidate.LinearFit) c.fit();
      TrainingSpeed.Estimate e = f == null ? null : f.estimate();
      lower[i] = e == null ? Double.NEGATIVE_INFINITY : e.lowerBound() / n;
      out.printf(Locale.ROOT, "  %-22s %10.4f %10.4f %10.4f %10.4f %10.4f%n", c.name(), c.score("exact").value(),
          lower[i], c.score("speed").value(), c.score("heldout").value(), c.score("cv").value());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("logEvidencePerPoint", c.score("exact").value());
      m.put("lowerBoundPerPoint", lower[i]);
      m.put("trainingSpeedPerPoint", c.score("speed").value());
      m.put("trainingSpeedStandardErrorPerPoint", e == null ? Double.NaN : e.standardError() / n);
      m.put("testLogLik", c.score("heldout").value());
      m.put("cvLogLik", c.score("cv").value());
      m.put("foldLogLiks", c.score("cv").parts());
      candJson.add(m);
    }
    Map<String, Object> summary = SelectionSummary.summarise(r, out);
    double[] evidence = r.scores("exact");
    RankCorrelation speedVsEvidence = r.agreement("speed", "exact");
    RankCorrelation boundVsEvidence = RankCorrelation.of(lower, evidence);
    out.printf(Locale.ROOT, "agreement with the exact evidence: training-speed estimate Spearman %.3f Kendall %.3f;"
        + " its closed-form bound Spearman %.3f Kendall %.3f%n", speedVsEvidence.spearman(),
        speedVsEvidence.kendall(), boundVsEvidence.spearman(), boundVsEvidence.kendall());

    Map<String, Object> res = new LinkedHashMap<>();
    res.put("dataset", which.id());
    res.put("trainPoints", n);
    res.put("testPoints", split.test().size());
    if (all.size() < full.size()) res.put("subsample", Map.of("points", all.size(), "of", full.size()));
    res.put("features", features);
    res.put("members", members);
    res.put("folds", folds);
    res.put("candidates", candJson);
    Object byCriterion = summary.remove("criteria");
    res.putAll(summary);
    Map<String, Object> vsEvidence = new LinkedHashMap<>();
    vsEvidence.put("trainingSpeed", Map.of("spearman", speedVsEvidence.spearman(), "kendall",
        speedVsEvidence.kendall()));
    vsEvidence.put("lowerBound", Map.of("spearman", boundVsEvidence.spearman(), "kendall", boundVsEvidence.kendall()));
    res.put("agreementWithEvidence", vsEvidence);
    res.put("byCriterion", byCriterion);
    Path outDir = common.outDir("evidence-" + which.id());
    Files.createDirectories(outDir);
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, "evidence",
        List.copyOf(spec.commandLine().getParseResult().originalArgs()), common.seed(),
        started.truncatedTo(ChronoUnit.SECONDS).toString(), wall, RunSummary.currentEnvironment(), res);
    out.println("summary: " + SummaryJson.writeInto(outDir, s));
    return 0;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
