package bms.examples.bench;

import bms.core.linalg.Backends;
import bms.core.optim.Adam;
import bms.core.optim.LearningRateSchedule;
import bms.core.param.Module;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.models.SVGP;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.examples.data.DataRoot;
import bms.examples.data.Digits;
import bms.examples.data.Mnist;
import bms.examples.data.Splits;
import bms.examples.data.UciDataset;
import bms.examples.uci.StandardisedSplit;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.core.matrix.Matrix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The full-batch training bound against training wall time for SVGP trained by Adam alone and by
 * the hybrid (natural-gradient steps for q(u), Adam for the rest; Salimbeni, Eleftheriadis and
 * Hensman 2018), from the same initial model, minibatches and Adam learning rate:
 * <ul>
 *   <li>kin8nm (data/uci/kin8nm.csv, 90% train split with the seed, standardised), RBF-ARD,
 *       M = 100 k-means inducing points, Gaussian likelihood, minibatches of 1000, Adam 0.01,
 *       natural step size 0.1 (constant: the bound is conjugate in q);</li>
 *   <li>MNIST, the first 2000 digits of the shipped train split at 28 x 28, RBF-ARD, M = 100,
 *       Robustmax with 10 latent GPs, minibatches of 200, Adam 0.01, natural step size ramped
 *       log-linearly from 1e-3 to 0.1 over the first 50 steps.</li>
 * </ul>
 * The bound on all training points is evaluated every 25 steps, outside the timed part; the
 * report gives it per training point against steps and against the training seconds so far.
 * Arguments: {@code [kin8nm|mnist|both] [kin8nm steps, default 600] [mnist steps, default 300]}.
 * Run it with
 * {@code java -cp bms-examples/target/bms.jar bms.examples.bench.NaturalGradientBenchmark both}
 * (not in {@code bms bench}'s list yet: BenchmarkRegistryTest pins that list to three names).
 */
public final class NaturalGradientBenchmark {
  private NaturalGradientBenchmark() {}

  /** One point of a curve: training seconds so far, steps, full training bound. */
  record Point(double seconds, long step, double bound) {}

  /** Seed 0, the CSV files into runs/bench-natgrad. */
  public static void main(String[] args) throws IOException {
    run(System.out, args, 0, Path.of("runs", "bench-natgrad"));
  }

  public static Map<String, Object> run(PrintStream out, String[] args, long seed, Path outDir) throws IOException {
    String which = args.length > 0 ? args[0] : "both";
    long kinSteps = args.length > 1 ? Long.parseLong(args[1]) : 600;
    long mnistSteps = args.length > 2 ? Long.parseLong(args[2]) : 300;
    if (!List.of("kin8nm", "mnist", "both").contains(which)) {
      throw new IllegalArgumentException("natgrad benchmark: first argument must be kin8nm, mnist or both, got '"
          + which + "'");
    }
    if (kinSteps < 1 || mnistSteps < 1) {
      throw new IllegalArgumentException("step counts must be >= 1, got " + kinSteps + " and " + mnistSteps);
    }
    out.printf(Locale.ROOT, "natural-gradient benchmark: backend=%s threads=%d%n", Backends.current().name(),
        Runtime.getRuntime().availableProcessors());
    DataRoot root = DataRoot.locate();
    Map<String, Object> results = new LinkedHashMap<>();
    if (!which.equals("mnist")) {
      StandardisedSplit split = StandardisedSplit.of(Splits.trainTest(UciDataset.byId("kin8nm").load(root), 0.9, seed));
      Dataset train = split.train();
      results.put("kin8nm", compare(out, outDir, "kin8nm", train, () -> svgp(train, new Gaussian(0.1), 1, 100, seed),
          1000, LearningRateSchedule.constant(0.1), kinSteps, 25, seed));
    }
    if (!which.equals("kin8nm")) {
      Digits digits = Mnist.load(root, Mnist.Split.TRAIN).first(2000);
      Dataset train = new Dataset(digits.images(), digits.labelColumn());
      results.put("mnist", compare(out, outDir, "mnist", train,
          () -> svgp(train, new MultiClass(Digits.CLASSES), Digits.CLASSES, 100, seed), 200,
          LearningRateSchedule.logLinearRamp(1e-3, 0.1, 50), mnistSteps, 25, seed));
    }
    return results;
  }

  private static SVGP svgp(Dataset train, Likelihood likelihood, int latents, int m, long seed) {
    Matrix z = KMeansInit.centres(train.x(), m, new RandomStream(seed).child("kmeans"));
    int d = train.inputDim();
    double lengthscale = Math.sqrt(d);
    return new SVGP(new SquaredExponential(1.0, Matrix.filled(1, d, lengthscale)), likelihood,
        new InducingPoints(z), latents);
  }

  private static Map<String, Object> compare(PrintStream out, Path outDir, String name, Dataset train,
      Supplier<SVGP> build, int batch, LearningRateSchedule gamma, long steps, long every, long seed)
      throws IOException {
    Map<String, List<Point>> curves = new LinkedHashMap<>();
    for (String how : List.of("adam", "hybrid")) {
      SVGP model = build.get();
      Elbo elbo = new Elbo(model, train);
      Trainer trainer = new Trainer(elbo, new RandomStream(seed)).batchSize(batch);
      List<Point> curve = new ArrayList<>();
      curve.add(new Point(0, 0, fullBound(elbo)));
      Adam adam;
      NaturalGradient ng = null;
      if (how.equals("adam")) {
        adam = new Adam(model).learningRate(0.01);
      } else {
        ng = NaturalGradient.forModel(model).schedule(gamma);
        adam = new Adam(ng.otherParameters(model)).learningRate(0.01);
      }
      double trained = 0;
      while (adam.stepCount() < steps) {
        long chunk = Math.min(every, steps - adam.stepCount());
        long t0 = System.nanoTime();
        if (ng == null) trainer.adam(adam, chunk);
        else trainer.hybrid(ng, adam, chunk);
        trained += (System.nanoTime() - t0) * 1e-9;
        curve.add(new Point(trained, adam.stepCount(), fullBound(elbo)));
      }
      curves.put(how, curve);
    }
    report(out, name, train.size(), curves);
    writeCsv(outDir, name, curves);
    Map<String, Object> result = new LinkedHashMap<>();
    curves.forEach((how, c) -> result.put(how, c.stream().map(p -> List.of(p.seconds(), p.step(), p.bound())).toList()));
    return result;
  }

  private static double fullBound(Elbo elbo) {
    return elbo.evaluate(null, new RandomStream(0)).scalar();
  }

  /** The bound per training point of each method at each evaluation, with the training seconds so far. */
  private static void report(PrintStream out, String name, int n, Map<String, List<Point>> curves) {
    out.printf(Locale.ROOT, "%n%s (N=%d): full training bound / N after each block of steps (s = training seconds)%n",
        name, n);
    out.printf(Locale.ROOT, "%6s", "step");
    curves.keySet().forEach(k -> out.printf(Locale.ROOT, " %12s %8s", k, "s"));
    out.println();
    int rows = curves.values().stream().mapToInt(List::size).min().orElse(0);
    for (int i = 0; i < rows; i++) {
      out.printf(Locale.ROOT, "%6d", curves.values().iterator().next().get(i).step());
      for (List<Point> c : curves.values()) {
        out.printf(Locale.ROOT, " %12.4f %8.1f", c.get(i).bound() / n, c.get(i).seconds());
      }
      out.println();
    }
  }

  private static void writeCsv(Path outDir, String name, Map<String, List<Point>> curves) throws IOException {
    Files.createDirectories(outDir);
    StringBuilder sb = new StringBuilder("method,seconds,step,bound\n");
    curves.forEach((how, c) -> c.forEach(p -> sb.append(String.format(Locale.ROOT, "%s,%.4f,%d,%.10g%n", how,
        p.seconds(), p.step(), p.bound()))));
    Path target = outDir.resolve("natgrad-" + name + ".csv");
    Path tmp = Files.createTempFile(outDir, "natgrad-" + name, ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
