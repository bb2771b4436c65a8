package bms.examples.bench;

import bms.core.linalg.Backends;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times one Adam training step (bound, gradient and update) of SVGP and of a two-layer deep GP
 * on the setting of issue 4's speed section: N = 9000 synthetic points, X ~ U(-1, 1)^8,
 * y = sin(3 x0) + 0.5 x1^2 + 0.1 eps; M = 100 inducing points per layer, minibatch 1000,
 * RBF-ARD kernels, Gaussian likelihood, hidden width 8 (identity mean), S = 1 and S = 5.
 * Reports the median and the spread of the timed steps after warm-up, in milliseconds.
 */
public final class ModelStepBenchmark {
  static final int N = 9000, D = 8, M = 100, BATCH = 1000, WIDTH = 8;

  private ModelStepBenchmark() {}

  /** The synthetic data set of the speed benchmark. */
  public static Dataset syntheticData(long seed) {
    RandomStream rng = new RandomStream(seed);
    Matrix x = new Matrix(N, D);
    Matrix y = new Matrix(N, 1);
    for (int i = 0; i < N; i++) {
      for (int d = 0; d < D; d++) x.set(i, d, -1 + 2 * rng.nextDouble());
      y.set(i, 0, Math.sin(3 * x.get(i, 0)) + 0.5 * x.get(i, 1) * x.get(i, 1) + 0.1 * rng.nextGaussian());
    }
    return new Dataset(x, y);
  }

  /** Runs the benchmark; returns the median milliseconds per step by model name. */
  /** Warm-up lasts at least this long, whatever the number of warm-up steps. */
  static final double MIN_WARMUP_SECONDS = 3.0;

  public static Map<String, Double> run(PrintStream out, long seed) {
    return run(out, seed, 50, 60);
  }

  public static Map<String, Double> run(PrintStream out, long seed, int warmup, int timed) {
    Dataset data = syntheticData(seed);
    RandomStream rng = new RandomStream(seed);
    Matrix z = KMeansInit.centres(data.x(), M, rng.child("kmeans"));
    out.printf("model step benchmark: N=%d D=%d M=%d batch=%d width=%d backend=%s threads=%d%n", N, D, M, BATCH,
        WIDTH, Backends.current().name(), Runtime.getRuntime().availableProcessors());
    Map<String, Double> results = new LinkedHashMap<>();

    SVGP svgp = new SVGP(new SquaredExponential(1.0, Matrix.ones(1, D)), new Gaussian(0.05), new InducingPoints(z.copy()),
        1);
    results.put("svgp", time(out, "SVGP", new Elbo(svgp, data), svgp, seed, warmup, timed));
    out.println("    (issue-4 target: under 5 ms; GPyTorch 1.10 on the 2-core machine: 17-20 ms)");

    for (int s : new int[] {1, 5}) {
      DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.05), 1).hiddenWidths(WIDTH).numInducing(M).numSamples(s)
          .build(rng.child("dgp"));
      results.put("dgp2_s" + s, time(out, "DGP-2 S=" + s, new Elbo(dgp, data), dgp, seed, warmup, timed));
      out.println(s == 1 ? "    (target: under 30 ms; GPyTorch: 115-135 ms)" : "    (target: under 65 ms; GPyTorch: 250-265 ms)");
    }
    return results;
  }

  private static double time(PrintStream out, String name, Elbo elbo, bms.core.param.Module model, long seed,
      int warmup, int timed) {
    Trainer trainer = new Trainer(elbo, new RandomStream(seed)).batchSize(BATCH);
    Adam adam = new Adam(model).learningRate(0.01);
    // At least `warmup` steps and (unless warmup is 0) MIN_WARMUP_SECONDS of them, so the JIT has
    // compiled the element loops before timing starts (50 SVGP steps are only a third of a second).
    long warmStart = System.nanoTime();
    int warmed = 0;
    while (warmed < warmup || (warmup > 0 && (System.nanoTime() - warmStart) * 1e-9 < MIN_WARMUP_SECONDS)) {
      trainer.adam(adam, 1);
      warmed++;
    }
    double[] ms = new double[timed];
    for (int i = 0; i < timed; i++) {
      long t0 = System.nanoTime();
      trainer.adam(adam, 1);
      ms[i] = (System.nanoTime() - t0) * 1e-6;
    }
    Arrays.sort(ms);
    double median = ms[timed / 2];
    out.printf("  %-10s median %7.2f ms/step   (p10 %.2f, p90 %.2f; %d warm-up, %d timed)%n", name, median,
        ms[timed / 10], ms[timed * 9 / 10], warmed, timed);
    return median;
  }

  public static void main(String[] args) {
    run(System.out, args.length > 0 ? Long.parseLong(args[0]) : 1L);
  }
}
