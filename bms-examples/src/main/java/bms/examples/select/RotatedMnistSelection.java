package bms.examples.select;

import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.dgp.selection.Candidate;
import bms.dgp.selection.CandidateResult;
import bms.dgp.selection.Criterion;
import bms.dgp.selection.CrossValidationCriterion;
import bms.dgp.selection.Fit;
import bms.dgp.selection.Fold;
import bms.dgp.selection.ModelSelection;
import bms.dgp.selection.SelectionData;
import bms.dgp.selection.SelectionResult;
import bms.examples.CommonOptions;
import bms.examples.data.Mnist;
import bms.examples.report.LinePlot;
import bms.examples.study.ModelResult;
import bms.examples.study.RotatedMnist;
import bms.examples.study.Study;
import bms.examples.study.StudyModel;
import bms.examples.study.StudyModels;
import bms.examples.study.StudyOptions;
import bms.kernels.image.ImageShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bms select --dataset rotated-mnist}: the candidates are the models of the MNIST studies,
 * built and trained as {@code bms rotated-mnist} does ({@link Study#trainAndEvaluate}) on the
 * same rotated digits. One fit on the training digits gives the final full bound per point and
 * the test mean log predictive density; K more fits, each on K-1 folds of the training digits,
 * give the CV score: the mean log predictive density of the held-out folds over all training
 * digits.
 */
final class RotatedMnistSelection {
  static final String ID = "rotated-mnist";
  static final List<String> KNOWN = List.of("svgp-rbf", "svgp-rotation", "svgp-affine", "dgp");
  static final String DEFAULT_CANDIDATES = "svgp-rbf,svgp-rotation,svgp-affine,dgp";
  static final String KNOWN_TEXT = "svgp-rbf, svgp-rotation, svgp-affine, dgp";
  /** The deep GP as {@code bms mnist} builds it by default: 20 hidden GPs, 3 samples, 10 to predict. */
  static final int DGP_WIDTH = 20;
  static final int DGP_SAMPLES = 3;
  static final int DGP_PREDICTION_SAMPLES = 10;

  /** A study fit as the selection criteria read it. */
  record StudyFit(ModelResult result) implements Fit {
    @Override
    public double boundPerPoint() {
      return result.boundPerPoint();
    }

    @Override
    public double testLogLik() {
      return result.testMeanLogDensity();
    }

    @Override
    public double[] objectiveTrace() {
      return result.boundTrace();
    }
  }

  private final RotatedMnistOptions options;
  private final StudyOptions study;
  private final List<String> names;
  private final int folds;
  private final CommonOptions common;
  private final PrintStream out;
  private final PrintStream err;

  /** Checks the options; the errors name the bad one. */
  RotatedMnistSelection(RotatedMnistOptions options, StudyOptions study, List<String> candidates, int folds,
      CommonOptions common, PrintStream out, PrintStream err) {
    options.rotation.validate();
    study.validate(Mnist.Split.TRAIN.count(), Mnist.Split.TEST.count());
    this.names = parseCandidates(candidates);
    if (folds < 2) throw new IllegalArgumentException("--folds (K) must be at least 2, got " + folds);
    int smallestFoldTrain = study.trainSize() - (study.trainSize() + folds - 1) / folds;
    if (study.inducing() > smallestFoldTrain) {
      throw new IllegalArgumentException("--inducing " + study.inducing() + " is more than the " + smallestFoldTrain
          + " training digits of a CV fit (--train-size " + study.trainSize() + ", " + folds + " folds)");
    }
    this.options = options;
    this.study = study;
    this.folds = folds;
    this.common = common;
    this.out = out;
    this.err = err;
  }

  /** Lower-cased, known, distinct and at least two. */
  static List<String> parseCandidates(List<String> candidates) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (String c : candidates) {
      String name = c.strip().toLowerCase(Locale.ROOT);
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown rotated-mnist candidate '" + c.strip() + "'; known: "
            + String.join(", ", KNOWN));
      }
      if (!seen.add(name)) throw new IllegalArgumentException("--candidates names " + name + " twice");
    }
    if (seen.size() < 2) {
      throw new IllegalArgumentException("--candidates needs at least 2 models to rank, got " + seen.size());
    }
    return List.copyOf(seen);
  }

  List<String> names() {
    return names;
  }

  /** Builds the digits, then trains and scores every candidate once, and K more times for cross-validation. */
  SelectionResult run(Path outDir, List<Criterion> criteria, ModelSelection.Listener listener) throws IOException {
    RandomStream data = new RandomStream(common.seed()).child("data"); // the streams of bms rotated-mnist
    RotatedMnist.Images train = options.rotation.digits(common.dataRoot(), Mnist.Split.TRAIN, study.trainSize(),
        study.pool(), data);
    RotatedMnist.Images test = options.rotation.digits(common.dataRoot(), Mnist.Split.TEST, study.testSize(),
        study.pool(), data);
    Dataset all = train.dataset();
    int[][] foldIndex = folds(all.size(), folds, new RandomStream(common.seed()).child("folds"));
    out.printf(Locale.ROOT, "%s: %d train / %d test digits (%dx%d, angles in [-%s, %s] degrees); %d candidates,"
        + " %d-fold CV on the training part; M=%d, %d steps per fit; seed %d%n", ID, train.size(), test.size(),
        study.side(), study.side(), options.rotation.maxAngleText(), options.rotation.maxAngleText(), names.size(),
        folds, study.inducing(),
        study.steps(), common.seed());

    Path checkpoints = outDir.resolve("checkpoints");
    List<Candidate<Dataset>> cands = new ArrayList<>();
    for (String name : names) {
      cands.add(new Candidate<>(name, req -> new StudyFit(fit(name, req.train(), req.test(),
          checkpoints.resolve(req.part()), req.label()))));
    }
    List<Fold<Dataset>> cv = new ArrayList<>();
    for (int[] held : foldIndex) {
      cv.add(new Fold<>(all.subset(complement(held, all.size())), all.subset(held), held.length));
    }
    return new ModelSelection<>(cands, criteria).listener(listener)
        .run(new SelectionData<>(all, test.dataset(), all.size(), cv));
  }

  /** One candidate trained on {@code train} and scored on {@code test}, as the study does it. */
  private ModelResult fit(String name, Dataset train, Dataset test, Path checkpoints, String label)
      throws IOException {
    // The inducing digits come from this fit's training digits: a fold never sees its held-out part.
    Matrix z = StudyModels.inducingInputs(train.x(), study.inducing(),
        new RandomStream(common.seed()).child("data").child("inducing"));
    ImageShape shape = ImageShape.gray(study.side(), study.side());
    double initAngle = options.rotation.initAngle();
    int samples = options.rotation.samples();
    Supplier<StudyModel> build = switch (name) {
      case "svgp-rbf" -> () -> StudyModels.svgpRbf(z);
      case "svgp-rotation" -> () -> StudyModels.svgpRotation(z, shape, initAngle, samples);
      case "svgp-affine" -> () -> StudyModels.svgpAffine(z, shape, initAngle, samples);
      case "dgp" -> () -> StudyModels.deepGp(train.x(), study.inducing(), DGP_WIDTH, DGP_SAMPLES,
          DGP_PREDICTION_SAMPLES, new RandomStream(common.seed()).child("data").child("dgp"));
      default -> throw new IllegalStateException("unchecked candidate " + name);
    };
    ModelResult r = Study.trainAndEvaluate(build, train, test, study, common.seed(), checkpoints,
        (model, steps) -> common.progress(label, steps, err));
    if (!r.status().equals("completed")) {
      err.println("bms select: " + label + ": training " + r.status());
    }
    return r;
  }

  /** K folds of a seeded permutation of 0..n-1; the first n % K folds get one extra index. */
  static int[][] folds(int n, int k, RandomStream rng) {
    if (k > n) throw new IllegalArgumentException("--folds (K) = " + k + " is more than the " + n + " training digits");
    int[] perm = rng.permutation(n);
    int[][] out = new int[k][];
    int lo = 0;
    for (int f = 0; f < k; f++) {
      int size = n / k + (f < n % k ? 1 : 0);
      out[f] = Arrays.copyOfRange(perm, lo, lo + size);
      Arrays.sort(out[f]);
      lo += size;
    }
    return out;
  }

  /** 0..n-1 without {@code held} (sorted). */
  static int[] complement(int[] held, int n) {
    boolean[] out = new boolean[n];
    for (int i : held) out[i] = true;
    int[] rest = new int[n - held.length];
    int j = 0;
    for (int i = 0; i < n; i++) {
      if (!out[i]) rest[j++] = i;
    }
    return rest;
  }

  /** The data and model settings for summary.json. */
  Map<String, Object> settings() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("data", "rotated MNIST built from the shipped MNIST files (not mnist_rotation_new)");
    study.describeInto(c);
    c.put("steps", study.steps());
    options.rotation.describeInto(c);
    c.put("deepGp", Map.of("hiddenWidth", DGP_WIDTH, "trainSamples", DGP_SAMPLES, "predictionSamples",
        DGP_PREDICTION_SAMPLES));
    c.put("likelihood", "Robustmax (MultiClass, epsilon 1e-3), 10 latent GPs");
    return c;
  }

  /** One candidate's entry of summary.json. */
  static Map<String, Object> toJson(CandidateResult c, SelectionResult result) {
    ModelResult fit = c.fit() == null ? null : ((StudyFit) c.fit()).result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    if (fit != null) m.put("model", fit.model().description());
    if (c.error() != null) m.put("error", c.error());
    m.put("boundPerPoint", fit == null ? Double.NaN : fit.boundPerPoint());
    m.put("testLogLik", fit == null ? Double.NaN : fit.testMeanLogDensity());
    m.put("testError", fit == null ? Double.NaN : fit.testError());
    SelectionSummary.putCrossValidation(m, c, result);
    m.put("fitSeconds", c.fitSeconds());
    if (result.has(CrossValidationCriterion.ID)) m.put("cvSeconds", c.score(CrossValidationCriterion.ID).seconds());
    m.put("scores", SelectionSummary.scores(c, result.criteria()));
    if (fit != null && !fit.finalRanges().isEmpty()) m.put("learnedRanges", fit.finalRanges());
    return m;
  }

  /** The bound per point against the step (running mean), as bms rotated-mnist plots it. */
  static boolean writePlot(Path file, SelectionResult result) throws IOException {
    LinePlot plot = new LinePlot("candidates on " + ID + " (training part)", "Adam step",
        "bound / N, running mean of minibatch estimates");
    for (CandidateResult c : result.candidates()) {
      double[] b = c.fit() == null ? new double[0] : ((StudyFit) c.fit()).result().boundTrace();
      if (b.length > 0) plot.add(c.name(), Study.steps(b.length), Study.runningMean(b, Math.max(1, b.length / 40)));
    }
    if (plot.seriesCount() == 0) return false;
    plot.write(file, 900, 560);
    return true;
  }
}
