package bms.examples.study;

import bms.dgp.random.RandomStream;
import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.data.DataRoot;
import bms.examples.data.Mnist;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bms mnist}: MNIST classification with SVGP-RBF, a two-layer deep GP and the weighted
 * convolutional GP (docs/BACKGROUND.md sections 2, 3 and 5), on subsets of the shipped MNIST files,
 * with the same outputs as {@code bms rotated-mnist}.
 */
@Command(name = "mnist", mixinStandardHelpOptions = true,
    description = {"MNIST classification on subsets of the shipped MNIST files: SVGP with an RBF kernel,"
        + " a two-layer deep GP, and SVGP with the weighted convolutional kernel (Robustmax, 10 latent"
        + " GPs, same M, steps and seed).",
        "Writes summary.json and bound.png into --out (default runs/mnist), checkpoints every K steps;"
            + " --resume continues."},
    footer = {"", "Examples:", "  bms mnist", "  bms mnist --models rbf,conv --pool 1 --out runs/mnist-full",
        "  bms mnist --train-size 10000 --steps 5000 --inducing 500 --out runs/mnist-big",
        "  bms mnist --preset published --models rbf --out runs/mnist-published",
        "  bms mnist --preset published --models rbf --out runs/mnist-published --resume",
        "  bms mnist --models deep-conv --layers 2 --channels 4 --patch 3 --inducing 50 --out runs/mnist-deep-conv", "",
        "--preset published: all 60,000 training and 10,000 test digits at 28 x 28, 20,000 Adam steps at"
            + " 0.01; svgp-rbf, dgp2 and dgp3 (hidden width 30, one sample per point) with M = 100 and"
            + " batch 1000 as in the doubly-stochastic deep GP paper's MNIST notebook; conv with M = 750"
            + " and batch 200 as in the convolutional GP paper; deep-conv (only when named in --models) with"
            + " two layers of 5 x 5 patches at stride 1, one feature map, M = 128 per layer and batch 64 as in"
            + " the DeepCGP repository's MNIST defaults. dgp (two layers, --width) stays available."})
public final class MnistCommand implements Callable<Integer> {
  /** The models this command can train, by option name. */
  enum Model {
    rbf, dgp, dgp2, dgp3, conv, deep_conv, nn_lastlayer, nn_crossentropy;

    /** The option spelling: nn-lastlayer, nn-crossentropy. */
    @Override
    public String toString() {
      return name().replace('_', '-');
    }
  }

  @Spec
  CommandSpec spec;

  @ParentCommand
  BmsCommand parent;

  @Mixin
  CommonOptions common;

  @Mixin
  StudyOptions study;

  @Option(names = "--models", paramLabel = "LIST", split = ",", defaultValue = "rbf,dgp,conv",
      description = "Which models to train, comma-separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE};"
          + " with --preset published: rbf,dgp2,dgp3,conv). dgp2 and dgp3 are deep GPs of 2 and 3 layers"
          + " with hidden layers of --width GPs.")
  List<Model> models;

  @Option(names = "--width", paramLabel = "W", defaultValue = "20",
      description = "Hidden-layer width of the deep GP (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--samples", paramLabel = "S", defaultValue = "3",
      description = "Deep-GP samples per point in training; predictions use 10 (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--patch", paramLabel = "W", defaultValue = "5",
      description = "Patch side of the convolutional kernel (default: ${DEFAULT-VALUE}).")
  int patch;

  @Option(names = "--stride", paramLabel = "K", defaultValue = "1",
      description = "Patch stride of the convolutional kernel (default: ${DEFAULT-VALUE}).")
  int stride;

  @Option(names = "--init-angle", paramLabel = "DEG", defaultValue = "60",
      description = "Rotation range of the network models in (0, 180) degrees: where nn-lastlayer starts, where"
          + " nn-crossentropy stays (default: ${DEFAULT-VALUE}).")
  double initAngle;

  @Option(names = "--orbit-samples", paramLabel = "S", defaultValue = "8",
      description = "Rotations per digit for the network models (default: ${DEFAULT-VALUE}).")
  int orbitSamples;

  private bms.kernels.image.ImageShape shape() {
    return bms.kernels.image.ImageShape.gray(study.side(), study.side());
  }
  @Option(names = "--layers", paramLabel = "L", defaultValue = "2",
      description = "deep-conv: layers, the last one the output layer (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "4",
      description = "deep-conv: GPs (output channels) per hidden convolutional layer; hidden layers use"
          + " --patch and --stride with zero padding (patch - 1) / 2 (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--conv-output", paramLabel = "KIND", defaultValue = "WEIGHTED",
      description = "deep-conv: the output layer, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  bms.dgp.models.DeepConvolutionalGPBuilder.Output convOutput;

  @Option(names = "--output-patch", paramLabel = "W", defaultValue = "3",
      description = "deep-conv: patch side of a weighted or TICK output layer, stride 1 (default: ${DEFAULT-VALUE}).")
  int outputPatch;

  /** Deep-GP samples per point in predictions. */
  static final int PREDICTION_SAMPLES = 10;

  /** The published preset's sizes: M and batch of the convolutional model, and of the others. */
  static final int PUBLISHED_CONV_INDUCING = 750, PUBLISHED_CONV_BATCH = 200;
  static final int PUBLISHED_INDUCING = 100, PUBLISHED_BATCH = 1000;
  static final int PUBLISHED_DEEP_CONV_INDUCING = 128, PUBLISHED_DEEP_CONV_BATCH = 64;

  /** Applies --preset published to every option the command line did not give. */
  private void applyPreset() {
    if (study.preset() != StudyPreset.published) return;
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    java.util.function.Predicate<String> given = pr::hasMatchedOption;
    study.presetDefaults(given, Mnist.Split.TRAIN.count(), Mnist.Split.TEST.count(), PUBLISHED_INDUCING, 20_000,
        PUBLISHED_BATCH, 0.01, 1);
    if (!given.test("--models")) models = List.of(Model.rbf, Model.dgp2, Model.dgp3, Model.conv);
    if (!given.test("--width")) width = 30;
    if (!given.test("--samples")) samples = 1;
    // deep-conv as in the DeepCGP repository's MNIST defaults: two layers of 5 x 5 patches at stride 1,
    // one feature map, M = 128 per layer, batch 64 (its own size below).
    if (!given.test("--layers")) layers = 2;
    if (!given.test("--channels")) channels = 1;
    if (!given.test("--output-patch")) outputPatch = 5;
    sizedPerModel = !given.test("--inducing") && !given.test("--batch");
  }

  /** Whether each model has its own M and batch (the published preset) rather than the shared ones. */
  private boolean sizedPerModel;

  /** The options one model trains with: its own M and batch under the published preset. */
  private StudyOptions optionsFor(Model m) {
    if (!sizedPerModel) return study;
    return switch (m) {
      case conv -> study.withModelSize(PUBLISHED_CONV_INDUCING, PUBLISHED_CONV_BATCH);
      case deep_conv -> study.withModelSize(PUBLISHED_DEEP_CONV_INDUCING, PUBLISHED_DEEP_CONV_BATCH);
      default -> study.withModelSize(PUBLISHED_INDUCING, PUBLISHED_BATCH);
    };
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = parent.out();
    PrintStream err = parent.err();
    applyPreset();
    study.validate(Mnist.Split.TRAIN.count(), Mnist.Split.TEST.count());
    if (width < 1) throw new IllegalArgumentException("--width must be >= 1, got " + width);
    if (samples < 1) throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
    if (patch < 1 || patch > study.side()) {
      throw new IllegalArgumentException("--patch must be in 1.." + study.side() + " (the image side), got " + patch);
    }
    if (stride < 1) throw new IllegalArgumentException("--stride must be >= 1, got " + stride);
    if (!(initAngle > 0 && initAngle < 180)) {
      throw new IllegalArgumentException("--init-angle must be in (0, 180) degrees, got " + initAngle);
    }
    if (orbitSamples < 1) throw new IllegalArgumentException("--orbit-samples must be >= 1, got " + orbitSamples);
    if (layers < 1) throw new IllegalArgumentException("--layers must be >= 1, got " + layers);
    if (channels < 1) throw new IllegalArgumentException("--channels must be >= 1, got " + channels);
    if (outputPatch < 1) throw new IllegalArgumentException("--output-patch must be >= 1, got " + outputPatch);
    List<Model> chosen = models.stream().distinct().toList();
    if (chosen.isEmpty()) throw new IllegalArgumentException("--models must name at least one model");

    Study s = new Study(spec.name(), spec.commandLine().getParseResult().originalArgs(), common, study, out, err);
    Map<String, Object> config = config();
    s.prepare(config, chosen.stream().map(MnistCommand::modelName).toList());

    DataRoot root = common.dataRoot();
    RandomStream data = new RandomStream(common.seed()).child("data");
    RotatedMnist.Images train = RotatedMnist.pool(RotatedMnist.sample(Mnist.load(root, Mnist.Split.TRAIN),
        study.trainSize(), 0, data.child("train")), Mnist.SIDE, study.pool());
    RotatedMnist.Images test = RotatedMnist.pool(RotatedMnist.sample(Mnist.load(root, Mnist.Split.TEST),
        study.testSize(), 0, data.child("test")), Mnist.SIDE, study.pool());
    List<ModelResult> results = new ArrayList<>();
    for (Model m : chosen) {
      StudyOptions o = optionsFor(m);
      int mm = o.inducing();
      if (!common.quiet()) {
        err.printf("MNIST: %d train and %d test digits (%dx%d); %s: M=%d, %d steps, batch %d%n", train.size(),
            test.size(), study.side(), study.side(), modelName(m), mm, o.steps(), o.batch());
      }
      Supplier<StudyModel> build = switch (m) {
        case rbf -> () -> StudyModels.svgpRbf(StudyModels.inducingInputs(train.x(), mm, data.child("inducing")));
        case dgp -> () -> StudyModels.deepGp(train.x(), mm, width, samples, PREDICTION_SAMPLES, data.child("dgp"));
        case dgp2 -> () -> StudyModels.deepGp("dgp2", train.x(), mm, new int[] {width}, samples, PREDICTION_SAMPLES,
            data.child("dgp2"));
        case dgp3 -> () -> StudyModels.deepGp("dgp3", train.x(), mm, new int[] {width, width}, samples,
            PREDICTION_SAMPLES, data.child("dgp3"));
        case conv -> () -> StudyModels.convGp(train.x(), study.side(), mm, patch, stride, data.child("patches"));
        // Upright digits, with the rotation range starting (nn-lastlayer) or fixed (nn-crossentropy) at --init-angle.
        case nn_lastlayer -> () -> NetworkModels.lastLayer(shape(), initAngle, orbitSamples, common.seed());
        case nn_crossentropy -> () -> NetworkModels.crossEntropy(shape(), initAngle, orbitSamples, common.seed());
        case deep_conv -> () -> StudyModels.deepConv(train.x(), study.side(), mm, layers, channels, patch, stride,
            convOutput, outputPatch, samples, PREDICTION_SAMPLES, data.child("deep-conv"));
      };
      results.add(s.run(build, train.dataset(), test.dataset(), o));
    }
    s.writeBoundPlot(results);
    s.finish(config, results);
    return 0;
  }

  /** The options that fix the data and the models: --resume refuses checkpoints made with others. */
  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("dataset", "MNIST subsets from the shipped files");
    study.describeInto(c);
    c.put("dgpWidth", width);
    c.put("dgpSamples", samples);
    c.put("patch", patch);
    c.put("stride", stride);
    if (models.contains(Model.deep_conv)) {
      c.put("deepConvLayers", layers);
      c.put("deepConvChannels", channels);
      c.put("deepConvOutput", convOutput.name());
      c.put("deepConvOutputPatch", outputPatch);
    }
    if (sizedPerModel) {
      c.put("convInducing", PUBLISHED_CONV_INDUCING);
      c.put("convBatch", PUBLISHED_CONV_BATCH);
      if (models.contains(Model.deep_conv)) {
        c.put("deepConvInducing", PUBLISHED_DEEP_CONV_INDUCING);
        c.put("deepConvBatch", PUBLISHED_DEEP_CONV_BATCH);
      }
    }
    if (models.stream().anyMatch(m -> m.name().startsWith("nn_"))) { // older run configs stay resumable
      c.put("networkAngle", initAngle);
      c.put("networkOrbitSamples", orbitSamples);
    }
    c.put("seed", common.seed());
    c.put("likelihood", "Robustmax (MultiClass, epsilon 1e-3), 10 latent GPs");
    return c;
  }

  static String modelName(Model m) {
    return switch (m) {
      case rbf -> "svgp-rbf";
      case dgp -> "dgp";
      case dgp2 -> "dgp2";
      case dgp3 -> "dgp3";
      case conv -> "conv";
      case deep_conv, nn_lastlayer, nn_crossentropy -> m.toString();
    };
  }
}
