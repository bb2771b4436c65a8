package bms.invariance.bench;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.kernels.OrbitSamples;
import bms.invariance.models.InvariantSVGP;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.testing.RotatedPatterns;
import bms.kernels.SquaredExponential;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Times one Adam step (bound, gradient, update) of an invariant SVGP at MNIST scale: B images of
 * side x side pixels per minibatch, S rotations per image, M inducing images, a rotation orbit,
 * and both a Gaussian likelihood (unbiased estimator) and a 10-class Robustmax (sample average).
 * Also times the parts of one evaluation. Not a test: run its main with the test classpath.
 *
 * <p>Arguments (all optional): side B S M steps.
 */
public final class InvariantStepBenchmark {
  /** Thread CPU time: on a shared machine it counts the work, not the time spent waiting for a core. */
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private InvariantStepBenchmark() {}

  public static void main(String[] args) {
    int side = args.length > 0 ? Integer.parseInt(args[0]) : 28;
    int b = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int s = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int m = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int timed = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    ImageShape shape = ImageShape.gray(side, side);
    int n = Math.max(4 * b, 2 * m);
    System.out.printf("invariant SVGP step: %dx%d images, B=%d, S=%d, M=%d, N=%d, backend=%s, cores=%d%n", side, side,
        b, s, m, n, Backends.current().name(), Runtime.getRuntime().availableProcessors());
    double[] targets = new double[10];
    for (int c = 0; c < 10; c++) targets[c] = c;
    Dataset data = RotatedPatterns.classes(new RandomStream(1), shape, n, targets, 90, 0.05);
    Matrix z = new Matrix(m, shape.size());
    System.arraycopy(data.x().data(), 0, z.data(), 0, z.size());

    for (boolean gaussian : new boolean[] {true, false}) {
      RotationOrbit orbit = new RotationOrbit(shape, 20, s, EpsilonSource.perEvaluation());
      Invariant kernel = Invariant.forVariationalModels(new SquaredExponential(1.0, 5.0), orbit);
      Likelihood lik = gaussian ? new Gaussian(0.1) : new MultiClass(10);
      InvariantSVGP model = new InvariantSVGP(kernel, lik, new InvariantInducingPoints(z.copy()),
          lik.latentCount(1));
      String name = gaussian ? "Gaussian, unbiased (K=1)" : "Robustmax 10 classes, sample average (K=10)";
      Elbo elbo = new Elbo(model, data);
      Trainer trainer = new Trainer(elbo, new RandomStream(7)).batchSize(b);
      Adam adam = new Adam(model).learningRate(0.01);
      trainer.adam(adam, 5);
      double[] ms = new double[timed], cpu = new double[timed];
      for (int i = 0; i < timed; i++) {
        long c0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        trainer.adam(adam, 1);
        ms[i] = (System.nanoTime() - t0) * 1e-6;
        cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) * 1e-6;
      }
      Arrays.sort(ms);
      Arrays.sort(cpu);
      System.out.printf("  %-46s median %8.1f ms/step wall (p10 %.1f, p90 %.1f), %8.1f ms thread CPU (p10 %.1f, p90"
          + " %.1f); %d timed%n", name, ms[timed / 2], ms[timed / 10], ms[timed * 9 / 10], cpu[timed / 2],
          cpu[timed / 10], cpu[timed * 9 / 10], timed);
      if (gaussian) parts(kernel, model, data, b);
    }
  }

  private static void parts(Invariant kernel, InvariantSVGP model, Dataset data, int b) {
    Matrix xb = new Matrix(b, data.x().cols());
    System.arraycopy(data.x().data(), 0, xb.data(), 0, xb.size());
    RandomStream rng = new RandomStream(3);
    bms.invariance.models.OrbitNoise.bind(model, rng);
    time("    warp (forward)", () -> kernel.orbit().apply(Var.constant(xb)));
    time("    warp (forward + backward)", () -> {
      Var w = kernel.orbit().apply(Var.constant(xb));
      return Gradients.of(w.sum());
    });
    OrbitSamples d = kernel.sample(Var.constant(xb));
    time("    k_f(x, x) diagonal blocks (forward)", () -> kernel.diagonal(d, false));
    time("    Kuf per sample (forward)", () -> kernel.kufPerSample(model.inducing().z().var(), d));
    time("    whole bound (forward)", () -> model.expectedLogLikelihood(xb, new Matrix(b, 1), rng));
  }

  private static void time(String name, Supplier<Object> job) {
    for (int i = 0; i < 3; i++) job.get();
    int reps = 10;
    long c0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) job.get();
    System.out.printf("%-50s %8.1f ms wall, %8.1f ms thread CPU%n", name, (System.nanoTime() - t0) * 1e-6 / reps,
        (THREADS.getCurrentThreadCpuTime() - c0) * 1e-6 / reps);
  }
}
