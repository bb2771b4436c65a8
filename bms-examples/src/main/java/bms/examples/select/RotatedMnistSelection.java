package bms.examples.select;

import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
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

  /** One candidate's numbers. */
  record Candidate(String name, ModelResult fit, String error, double cvLogLik, double[] foldLogLiks,
      double fitSeconds, double cvSeconds) implements Scored {
    @Override
    public double bound() {
      return Scored.finiteOrWorst(fit == null ? Double.NaN : fit.boundPerPoint());
    }

    @Override
    public double heldOut() {
      return Scored.finiteOrWorst(fit == null ? Double.NaN : fit.testMeanLogDensity());
    }

    @Override
    public double cv() {
      return Scored.finiteOrWorst(cvLogLik);
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

  /** Builds the digits, then trains and scores every candidate K + 1 times. */
  List<Candidate> run(Path outDir) throws IOException {
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
    int totalFits = names.size() * (folds + 1);
    int fitNo = 0;
    List<Candidate> results = new ArrayList<>();
    for (String name : names) {
      ModelResult full = null;
      String error = null;
      long t0 = System.nanoTime();
      try {
        full = fit(name, all, test.dataset(), checkpoints.resolve("full"),
            String.format(Locale.ROOT, "[%d/%d] %s", ++fitNo, totalFits, name));
      } catch (RuntimeException e) {
        error = describe(e);
        err.println("bms select: " + name + " failed: " + error);
      }
      double fitSeconds = (System.nanoTime() - t0) * 1e-9;
      double[] foldLl = new double[folds];
      double llSum = 0;
      long cvStart = System.nanoTime();
      for (int f = 0; f < folds; f++) {
        Dataset held = all.subset(foldIndex[f]);
        String label = String.format(Locale.ROOT, "[%d/%d] %s fold %d/%d", ++fitNo, totalFits, name, f + 1, folds);
        try {
          foldLl[f] = fit(name, all.subset(complement(foldIndex[f], all.size())), held,
              checkpoints.resolve("fold-" + (f + 1)), label).testMeanLogDensity();
        } catch (RuntimeException e) {
          foldLl[f] = Double.NaN;
          err.println("bms select: " + name + " fold " + (f + 1) + " failed: " + describe(e));
        }
        llSum += foldLl[f] * held.size(); // the CV score is the mean over all training digits
      }
      double cvSeconds = (System.nanoTime() - cvStart) * 1e-9;
      Candidate c = new Candidate(name, full, error, llSum / all.size(), foldLl, fitSeconds, cvSeconds);
      results.add(c);
      out.printf(Locale.ROOT, "  %-14s bound/N %9.4f  test LL %8.4f  error %6.4f  %d-fold CV LL %8.4f  (fit %.1f s,"
          + " CV %.1f s)%n", name, c.bound(), c.heldOut(), full == null ? Double.NaN : full.testError(), folds, c.cv(),
          fitSeconds, cvSeconds);
    }
    return results;
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
  static Map<String, Object> toJson(Candidate c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    if (c.fit() != null) m.put("model", c.fit().model().description());
    if (c.error() != null) m.put("error", c.error());
    m.put("boundPerPoint", c.fit() == null ? Double.NaN : c.fit().boundPerPoint());
    m.put("testLogLik", c.fit() == null ? Double.NaN : c.fit().testMeanLogDensity());
    m.put("testError", c.fit() == null ? Double.NaN : c.fit().testError());
    m.put("cvLogLik", c.cvLogLik());
    m.put("foldLogLiks", c.foldLogLiks());
    m.put("fitSeconds", c.fitSeconds());
    m.put("cvSeconds", c.cvSeconds());
    if (c.fit() != null && !c.fit().finalRanges().isEmpty()) m.put("learnedRanges", c.fit().finalRanges());
    return m;
  }

  /** The bound per point against the step (running mean), as bms rotated-mnist plots it. */
  static boolean writePlot(Path file, List<Candidate> cs) throws IOException {
    LinePlot plot = new LinePlot("candidates on " + ID + " (training part)", "Adam step",
        "bound / N, running mean of minibatch estimates");
    for (Candidate c : cs) {
      double[] b = c.fit() == null ? new double[0] : c.fit().boundTrace();
      if (b.length > 0) plot.add(c.name(), Study.steps(b.length), Study.runningMean(b, Math.max(1, b.length / 40)));
    }
    if (plot.seriesCount() == 0) return false;
    plot.write(file, 900, 560);
    return true;
  }

  private static String describe(Throwable t) {
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }
}
