package bms.examples.bench;

import bms.core.linalg.Backends;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.examples.data.DataRoot;
import bms.examples.data.Mnist;
import bms.examples.study.RotatedMnist;
import bms.examples.study.StudyModel;
import bms.examples.study.StudyModels;
import bms.kernels.image.ImageShape;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Times one Adam training step (minibatch bound, gradient and update) of every MNIST study model
 * on rotated 28 x 28 digits at two sizes, M = 200 with batch 100 and M = 1000 with batch 200
 * (the invariant-GP paper's scale), and sets each against its floating-point work
 * ({@link StepFlops}) and the raw dgemm rate of this machine measured in the same run.
 *
 * <p>Arguments: {@code --sizes 200x100,1000x200}, {@code --models svgp-rbf,...},
 * {@code --max-steps N} (timed steps per model, default 15), {@code --max-seconds T} (stop timing
 * a model after T seconds, at least 3 steps; default 20).
 */
public final class StudyBenchmark {
  static final int SIDE = 28;
  static final int PIXELS = SIDE * SIDE;
  static final int TRAIN = 2000;
  static final int ORBIT_SAMPLES = 8;
  static final int DGP_WIDTH = 30;
  static final int DGP_SAMPLES = 1;
  static final int PATCH = 5;
  static final double WARMUP_SECONDS = 3.0;
  static final int WARMUP_STEPS = 3;
  /** deep-conv: one hidden layer of 4 GPs on 5 x 5 patches, stride 2, padding 2 (14 x 14 x 4), 3 x 3 output patches. */
  static final int DEEP_CONV_CHANNELS = 4, DEEP_CONV_PATCH = 5, DEEP_CONV_STRIDE = 2, DEEP_CONV_OUTPUT_PATCH = 3;
  static final List<String> MODELS = List.of("svgp-rbf", "svgp-rotation", "svgp-affine", "conv", "dgp", "deep-conv");

  private StudyBenchmark() {}

  /** One size: M inducing points, minibatch B. */
  record Size(int inducing, int batch) {
    String key() {
      return "M" + inducing;
    }

    static Size parse(String s) {
      String[] p = s.toLowerCase(Locale.ROOT).split("x");
      if (p.length != 2) throw new IllegalArgumentException("a size is MxB, e.g. 200x100; got '" + s + "'");
      return new Size(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    }
  }

  record Options(List<Size> sizes, List<String> models, int maxSteps, double maxSeconds) {
    static Options parse(String[] args) {
      List<Size> sizes = List.of(new Size(200, 100), new Size(1000, 200));
      List<String> models = MODELS;
      int steps = 15;
      double seconds = 20;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        if (v == null) throw new IllegalArgumentException(a + " needs a value");
        switch (a) {
          case "--sizes" -> sizes = Arrays.stream(v.split(",")).map(Size::parse).toList();
          case "--models" -> models = Arrays.asList(v.split(","));
          case "--max-steps" -> steps = Integer.parseInt(v);
          case "--max-seconds" -> seconds = Double.parseDouble(v);
          default -> throw new IllegalArgumentException("unknown argument '" + a
              + "'; known: --sizes MxB,..., --models LIST, --max-steps N, --max-seconds T");
        }
        i++;
      }
      for (String m : models) {
        if (!MODELS.contains(m)) throw new IllegalArgumentException("unknown model '" + m + "'; known: " + MODELS);
      }
      if (steps < 3) throw new IllegalArgumentException("--max-steps must be >= 3, got " + steps);
      return new Options(sizes, models, steps, seconds);
    }
  }

  public static Map<String, Object> run(PrintStream out, String[] args, long seed) throws IOException {
    Options o = Options.parse(args);
    RandomStream rng = new RandomStream(seed);
    RotatedMnist.Images images = RotatedMnist.sample(Mnist.load(DataRoot.locate(), Mnist.Split.TRAIN), TRAIN,
        RotatedMnist.MAX_DEGREES, rng.child("data"));
    Dataset train = images.dataset();
    double raw = rawGemmGflops();
    out.printf(Locale.ROOT, "study step benchmark: rotated MNIST %dx%d, %d training digits, backend %s, %d cores,"
        + " load %.2f%n", SIDE, SIDE, TRAIN, Backends.current().name(), Runtime.getRuntime().availableProcessors(),
        MachineInfo.loadAverage());
    out.printf(Locale.ROOT, "raw dgemm (n = %d, off-heap, same run): %.1f GFLOP/s%n", RAW_N, raw);
    out.printf(Locale.ROOT, "%-14s %-6s %6s %10s %10s %9s %8s %7s%n", "model", "size", "batch", "ms/step", "GFLOP",
        "GFLOP/s", "of raw", "others");
    Map<String, Object> models = new LinkedHashMap<>();
    for (Size size : o.sizes()) {
      Matrix z = StudyModels.inducingInputs(images.x(), size.inducing(), rng.child("inducing"));
      for (String name : o.models()) {
        StudyModel model = build(name, images.x(), z, size, rng.child(name));
        double flops = flops(name, size);
        double[] timing = time(model, train, size.batch(), seed, o);
        double ms = timing[0];
        double gflops = flops / (ms * 1e6);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("medianMsPerStep", ms);
        r.put("flopsPerStep", flops);
        r.put("achievedGflops", gflops);
        r.put("efficiency", gflops / raw);
        r.put("timedSteps", (int) timing[1]);
        r.put("othersShare", timing[2]);
        models.put(name + "@" + size.key(), r);
        out.printf(Locale.ROOT, "%-14s %-6s %6d %10.1f %10.3f %9.1f %7.0f%% %6.0f%%%n", name, size.key(), size.batch(),
            ms, flops / 1e9, gflops, 100 * gflops / raw, 100 * timing[2]);
      }
    }
    double rawAfter = rawGemmGflops();
    out.printf(Locale.ROOT, "raw dgemm again at the end: %.1f GFLOP/s (efficiency uses the first)%n", rawAfter);
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("rawGemmGflops", raw);
    results.put("rawGemmGflopsAtEnd", rawAfter);
    results.put("loadAverage", MachineInfo.loadAverage());
    results.put("models", models);
    return results;
  }

  static StudyModel build(String name, Matrix x, Matrix z, Size size, RandomStream rng) {
    ImageShape shape = ImageShape.gray(SIDE, SIDE);
    return switch (name) {
      case "svgp-rbf" -> StudyModels.svgpRbf(z);
      case "svgp-rotation" -> StudyModels.svgpRotation(z, shape, 60, ORBIT_SAMPLES);
      case "svgp-affine" -> StudyModels.svgpAffine(z, shape, 60, ORBIT_SAMPLES);
      case "conv" -> StudyModels.convGp(x, SIDE, size.inducing(), PATCH, 1, rng);
      case "dgp" -> StudyModels.deepGp(x, size.inducing(), DGP_WIDTH, DGP_SAMPLES, 1, rng);
      case "deep-conv" -> StudyModels.deepConv(x, SIDE, size.inducing(), 2, DEEP_CONV_CHANNELS, DEEP_CONV_PATCH,
          DEEP_CONV_STRIDE, bms.dgp.models.DeepConvolutionalGPBuilder.Output.WEIGHTED, DEEP_CONV_OUTPUT_PATCH,
          DGP_SAMPLES, 1, rng);
      default -> throw new IllegalArgumentException("unknown model " + name);
    };
  }

  static double flops(String name, Size s) {
    int m = s.inducing(), b = s.batch(), k = StudyModels.CLASSES;
    int patches = (SIDE - PATCH + 1) * (SIDE - PATCH + 1);
    return switch (name) {
      case "svgp-rbf" -> StepFlops.svgp(m, b, PIXELS, k);
      case "svgp-rotation", "svgp-affine" -> StepFlops.invariantSvgp(m, b, ORBIT_SAMPLES, PIXELS, k);
      case "conv" -> StepFlops.conv(m, b, patches, PATCH * PATCH, k);
      case "dgp" -> StepFlops.deepGp(m, b, DGP_SAMPLES, PIXELS, DGP_WIDTH, k);
      case "deep-conv" -> {
        int side1 = (SIDE + 2 * ((DEEP_CONV_PATCH - 1) / 2) - DEEP_CONV_PATCH) / DEEP_CONV_STRIDE + 1;
        int side2 = side1 - DEEP_CONV_OUTPUT_PATCH + 1;
        yield StepFlops.deepConv(m, b, DGP_SAMPLES, side1 * side1, DEEP_CONV_PATCH * DEEP_CONV_PATCH,
            DEEP_CONV_CHANNELS, side2 * side2, DEEP_CONV_OUTPUT_PATCH * DEEP_CONV_OUTPUT_PATCH * DEEP_CONV_CHANNELS, k);
      }
      default -> throw new IllegalArgumentException("unknown model " + name);
    };
  }

  /** Median ms per step, timed steps, share of the cores other processes used meanwhile. */
  static double[] time(StudyModel model, Dataset train, int batch, long seed, Options o) {
    Trainer trainer = new Trainer(model.objective(train), new RandomStream(seed)).batchSize(batch);
    Adam adam = new Adam(model.module()).learningRate(0.01);
    long warm = System.nanoTime();
    for (int w = 0; w < WARMUP_STEPS || (System.nanoTime() - warm) * 1e-9 < WARMUP_SECONDS; w++) {
      trainer.adam(adam, 1);
    }
    List<Double> ms = new ArrayList<>();
    double[] cpu0 = MachineInfo.cpuSnapshot();
    long start = System.nanoTime();
    while (ms.size() < o.maxSteps() && (ms.size() < 3 || (System.nanoTime() - start) * 1e-9 < o.maxSeconds())) {
      long t0 = System.nanoTime();
      trainer.adam(adam, 1);
      ms.add((System.nanoTime() - t0) * 1e-6);
    }
    double share = MachineInfo.othersShare(cpu0, MachineInfo.cpuSnapshot(), (System.nanoTime() - start) * 1e-9);
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).toArray();
    return new double[] {Timing.median(sorted), sorted.length, share};
  }

  static final int RAW_N = 2000;

  /** The median GFLOP/s of 2000 x 2000 dgemm on off-heap buffers (no copies): the ceiling. */
  static double rawGemmGflops() {
    try (RawOpenBlas raw = new RawOpenBlas(RAW_N)) {
      Function<Integer, double[]> fill = n -> {
        double[] d = new double[n * n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < d.length; i++) d[i] = r.nextDouble();
        return d;
      };
      raw.putA(fill.apply(RAW_N));
      raw.putB(fill.apply(RAW_N));
      Timing.Result t = Timing.medians(List.of(raw::gemmNN), 2, 7, 10);
      return 2.0 * RAW_N * RAW_N * RAW_N / t.medians()[0] / 1e9;
    }
  }

  public static void main(String[] args) throws IOException {
    run(System.out, args, 1L);
  }
}
