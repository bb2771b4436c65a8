package bms.examples.study;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;
import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.data.DataRoot;
import bms.examples.data.Mnist;
import bms.examples.report.ImageGrid;
import bms.invariance.image.AffineWarp;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.AffineOrbit;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.StreamEpsilons;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bms rotated-mnist}: the rotation-invariance study (docs/BACKGROUND.md section 6). Builds
 * rotated MNIST from the shipped files, trains SVGP with an RBF kernel, with a learned-rotation
 * invariant RBF and with the learned affine invariance (same M, steps, seed), and reports which
 * model the bound picks beside the test error.
 */
@Command(name = "rotated-mnist", mixinStandardHelpOptions = true,
    description = {"The MNIST rotation-invariance study: digits from the shipped MNIST files, each rotated"
        + " by an angle drawn uniformly from [-R, R] degrees (not the published mnist_rotation_new set),"
        + " classified by SVGP with an RBF kernel, with a learned-rotation invariant RBF kernel and with"
        + " a learned affine invariance (Robustmax, 10 latent GPs, same M, steps and seed).",
        "Writes summary.json, bound.png, angle-range.png, affine-ranges.png and transformations.png"
            + " into --out (default runs/rotated-mnist), checkpoints every K steps; --resume continues."},
    footer = {"", "Examples:", "  bms rotated-mnist",
        "  bms rotated-mnist --max-angle 0 --out runs/unrotated",
        "  bms rotated-mnist --pool 1 --steps 1500 --out runs/rot28",
        "  bms rotated-mnist --pool 1 --steps 3000 --out runs/rot28 --resume",
        "  bms rotated-mnist --preset published --models rotation --out runs/rot-published", "",
        "--preset published: 12,000 training digits from MNIST train and all 10,000 test digits, each"
            + " rotated uniformly in [-180, 180] degrees, 28 x 28; M = 1000, batch 200, S = 10 orbit"
            + " samples, 20,000 Adam steps at 0.01 (about the invariant-GP paper's scale)."})
public final class RotatedMnistCommand implements Callable<Integer> {
  static final String ANGLE_PLOT = "angle-range.png";
  static final String AFFINE_PLOT = "affine-ranges.png";
  static final String GRID = "transformations.png";
  /** Transformed copies shown per invariant model in the grid. */
  static final int GRID_SAMPLES = 11;

  /** The models this command can train, by option name. */
  enum Model {
    rbf, rotation, affine, nn_lastlayer, nn_crossentropy;

    /** The option spelling: nn-lastlayer, nn-crossentropy. */
    @Override
    public String toString() {
      return name().replace('_', '-');
    }
  }

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StudyOptions study;

  @Mixin
  RotationOptions rotationOptions;

  @Option(names = "--models", paramLabel = "LIST", split = ",", defaultValue = "rbf,rotation,affine",
      description = "Which models to train, comma-separated: ${COMPLETION-CANDIDATES}"
          + " (default: ${DEFAULT-VALUE}).")
  List<Model> models;

  @ParentCommand
  BmsCommand parent;

  @Override
  public Integer call() throws Exception {
    PrintStream out = parent.out();
    PrintStream err = parent.err();
    if (study.preset() == StudyPreset.published) {
      java.util.function.Predicate<String> given = spec.commandLine().getParseResult()::hasMatchedOption;
      study.presetDefaults(given, 12_000, Mnist.Split.TEST.count(), 1000, 20_000, 200, 0.01, 1);
      rotationOptions.presetDefaults(given, 10);
    }
    study.validate(Mnist.Split.TRAIN.count(), Mnist.Split.TEST.count());
    rotationOptions.validate();
    List<Model> chosen = models.stream().distinct().toList();
    if (chosen.isEmpty()) throw new IllegalArgumentException("--models must name at least one model");

    Study s = new Study(spec.name(), spec.commandLine().getParseResult().originalArgs(), common, study, out, err);
    Map<String, Object> config = config();
    s.prepare(config, chosen.stream().map(RotatedMnistCommand::modelName).toList());

    DataRoot root = common.dataRoot();
    RandomStream data = new RandomStream(common.seed()).child("data");
    RotationOptions r = rotationOptions;
    RotatedMnist.Images train = r.digits(root, Mnist.Split.TRAIN, study.trainSize(), study.pool(), data);
    RotatedMnist.Images test = r.digits(root, Mnist.Split.TEST, study.testSize(), study.pool(), data);
    ImageShape shape = ImageShape.gray(study.side(), study.side());
    Matrix z = StudyModels.inducingInputs(train.x(), study.inducing(), data.child("inducing"));
    if (!common.quiet()) {
      err.printf("rotated MNIST: %d train and %d test digits (%dx%d), angles uniform in [-%s, %s] degrees; M=%d,"
          + " %d steps, batch %d%n", train.size(), test.size(), study.side(), study.side(),
          r.maxAngleText(), r.maxAngleText(), study.inducing(), study.steps(), study.batch());
    }

    List<ModelResult> results = new ArrayList<>();
    for (Model m : chosen) {
      Supplier<StudyModel> build = switch (m) {
        case rbf -> () -> StudyModels.svgpRbf(z);
        case rotation -> () -> StudyModels.svgpRotation(z, shape, r.initAngle(), r.samples());
        case affine -> () -> StudyModels.svgpAffine(z, shape, r.initAngle(), r.samples());
        case nn_lastlayer -> () -> NetworkModels.lastLayer(shape, r.initAngle(), r.samples(), common.seed());
        case nn_crossentropy -> () -> NetworkModels.crossEntropy(shape, r.initAngle(), r.samples(), common.seed());
      };
      results.add(s.run(build, train.dataset(), test.dataset()));
    }

    s.writeBoundPlot(results);
    s.writeRangePlot(results, "angle", ANGLE_PLOT, "Learned angle range (true range: " + r.maxAngleText() + ")",
        "alpha (degrees)");
    writeAffinePlot(s, results);
    writeGrid(s, results, test.x().rowArray(0), shape);
    s.finish(config, results);
    return 0;
  }

  /** The options that fix the data and the models: --resume refuses checkpoints made with others. */
  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("dataset", "rotated MNIST built from the shipped MNIST files (not mnist_rotation_new)");
    study.describeInto(c);
    rotationOptions.describeInto(c);
    c.put("seed", common.seed());
    c.put("likelihood", "Robustmax (MultiClass, epsilon 1e-3), 10 latent GPs");
    return c;
  }

  static String modelName(Model m) {
    if (m.name().startsWith("nn_")) return m.toString();
    return "svgp-" + m.name();
  }

  /** The affine model's non-angle ranges against the step. */
  private static void writeAffinePlot(Study s, List<ModelResult> results) throws java.io.IOException {
    for (ModelResult r : results) {
      if (!r.name().equals("svgp-affine")) continue;
      bms.examples.report.LinePlot plot = new bms.examples.report.LinePlot(
          "Learned affine ranges (half-widths)", "Adam step", "range");
      for (String name : r.outcome().trace().rangeNames()) {
        double[] v = r.outcome().trace().range(name);
        if (!name.equals("angle") && v.length > 0) plot.add(name, Study.steps(v.length), v);
      }
      if (plot.seriesCount() > 0) s.writePlot(AFFINE_PLOT, f -> plot.write(f, 900, 560));
    }
  }

  /**
   * One row per invariant model: the first test digit, then {@link #GRID_SAMPLES} draws of the
   * learned transformation applied to it.
   */
  private void writeGrid(Study s, List<ModelResult> results, double[] digit, ImageShape shape)
      throws java.io.IOException {
    List<double[]> images = new ArrayList<>();
    RandomStream rng = new RandomStream(common.seed()).child("grid");
    for (ModelResult r : results) {
      if (!(r.model().orbit() instanceof AffineOrbit orbit)) continue;
      images.add(digit);
      StreamEpsilons source = EpsilonSource.perEvaluation();
      source.bind(rng.child(r.name()));
      Matrix eps = source.uniform(GRID_SAMPLES, orbit.epsilonDim());
      Var warped = AffineWarp.warpAll(Var.constant(Matrix.wrap(1, digit.length, digit.clone())), orbit.affine(eps),
          shape);
      for (int k = 0; k < GRID_SAMPLES; k++) images.add(warped.value().rowArray(k));
    }
    if (!images.isEmpty()) {
      int side = shape.height();
      s.writePlot(GRID, f -> ImageGrid.write(f, images, side, side, GRID_SAMPLES + 1, 84 / side, 4));
    }
  }
}
