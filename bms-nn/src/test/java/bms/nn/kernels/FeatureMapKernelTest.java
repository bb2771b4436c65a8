package bms.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.FullBatch;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.Kernel;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.testing.KernelProperties;
import bms.kernels.testing.ParameterGradCheck;
import bms.nn.Activation;
import bms.nn.Dense;
import bms.nn.Init;
import bms.nn.Sequential;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The feature-map kernel is a kernel (symmetric, PSD, diag = Kdiag, exact gradients with
 * respect to its inputs and to the network's weights) and the bounds of GPR, SGPR, SVGP and a
 * deep GP whose first layer uses it have exact gradients with respect to the network's weights.
 */
class FeatureMapKernelTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(15);
  }

  /** A random two-layer tanh network D -> H -> F under an RBF or Matern-5/2 base kernel. */
  static FeatureMapKernel kernel(int d, long seed) {
    RandomCases r = new RandomCases(seed);
    SplittableRandom rng = new SplittableRandom(seed);
    int h = r.dim(2, 6), f = r.dim(1, 3);
    Sequential net = new Sequential(d, new Dense(d, h, Init.GLOROT_UNIFORM, rng), Activation.tanh(),
        new Dense(h, f, Init.GLOROT_UNIFORM, rng), Activation.softplus());
    Kernel base = r.rng().nextBoolean()
        ? new SquaredExponential(0.5 + r.rng().nextDouble(), Matrix.filled(1, f, 0.5 + r.rng().nextDouble()))
        : new Matern52(0.5 + r.rng().nextDouble(), 0.5 + r.rng().nextDouble());
    return new FeatureMapKernel(d, net, base);
  }

  private static Map<String, bms.core.param.Parameter> networkWeights(Kernel k) {
    return k.trainableParameters().entrySet().stream().filter(e -> e.getKey().startsWith("network."))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void isAKernel(long seed) {
    RandomCases r = new RandomCases(seed + 5);
    int d = r.dim(1, 4);
    FeatureMapKernel k = kernel(d, seed);
    Matrix x = r.matrix(r.dim(2, 8), d);
    Matrix x2 = r.matrix(r.dim(1, 6), d);
    KernelProperties.assertSymmetric(k, x, 1e-12);
    KernelProperties.assertPositiveSemiDefinite(k, x);
    KernelProperties.assertDiagMatchesKdiag(k, x, 1e-12);
    KernelProperties.assertInputGradients(k, x, x2, seed, 1e-6);
    KernelProperties.assertHyperparameterGradients(k, x, x2, seed, 1e-6);
    assertTrue(networkWeights(k).size() >= 4, "the network's weights are parameters of the kernel");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void equalsTheBaseKernelOnTheFeatures(long seed) {
    RandomCases r = new RandomCases(seed + 6);
    int d = r.dim(1, 4);
    FeatureMapKernel k = kernel(d, seed);
    Matrix x = r.matrix(5, d), x2 = r.matrix(3, d);
    Matrix phi = k.network().forward(Var.constant(x)).value();
    Matrix phi2 = k.network().forward(Var.constant(x2)).value();
    Matrix expected = k.base().K(Var.constant(phi), Var.constant(phi2)).value();
    assertTrue(expected.maxAbsDiff(k.K(Var.constant(x), Var.constant(x2)).value()) <= 1e-14);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void gprAndSgprBoundsHaveExactNetworkGradients(long seed) {
    RandomCases r = new RandomCases(seed + 7);
    int d = r.dim(1, 3), n = r.dim(5, 12);
    Dataset data = new Dataset(r.matrix(n, d), r.matrix(n, 1));
    FeatureMapKernel k1 = kernel(d, seed);
    GPR gpr = new GPR(data, k1, 0.3);
    ParameterGradCheck.assertGradients(networkWeights(k1), gpr::logMarginalLikelihood, 1e-5);
    FeatureMapKernel k2 = kernel(d, seed);
    SGPR sgpr = new SGPR(data, k2, new InducingPoints(r.matrix(r.dim(2, 4), d)), 0.3);
    ParameterGradCheck.assertGradients(networkWeights(k2), sgpr::elbo, 1e-5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void svgpAndDeepGpBoundsHaveExactNetworkGradients(long seed) {
    RandomCases r = new RandomCases(seed + 8);
    int d = r.dim(1, 3), n = r.dim(6, 12);
    Dataset data = new Dataset(r.matrix(n, d), r.matrix(n, 1));
    FeatureMapKernel k1 = kernel(d, seed);
    SVGP svgp = new SVGP(k1, new Gaussian(0.3), new InducingPoints(r.matrix(3, d)), 1);
    Elbo elbo = new Elbo(svgp, data);
    ParameterGradCheck.assertGradients(networkWeights(k1), () -> elbo.evaluate(null, new RandomStream(seed)), 1e-5);

    FeatureMapKernel k2 = kernel(d, seed);
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.3), 1).hiddenWidths(2).numInducing(3).numSamples(2)
        .kernels(dim -> dim == d ? k2 : new SquaredExponential(1.0, Matrix.ones(1, dim))).build(new RandomStream(seed));
    assertTrue(dgp.layers().get(0).kernel() == k2, "the feature-map kernel is the deep GP's input layer");
    Elbo dgpElbo = new Elbo(dgp, data);
    ParameterGradCheck.assertGradients(networkWeights(k2), () -> dgpElbo.evaluate(null, new RandomStream(seed)), 1e-5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void trainingTheNetworkRaisesTheMarginalLikelihood(long seed) {
    RandomCases r = new RandomCases(seed + 9);
    Matrix x = r.uniform(30, 2, -2, 2);
    Matrix y = new Matrix(30, 1);
    for (int i = 0; i < 30; i++) y.set(i, 0, Math.sin(3 * x.get(i, 0)) * Math.signum(x.get(i, 1)));
    FeatureMapKernel k = kernel(2, seed);
    GPR gpr = new GPR(new Dataset(x, y), k, 0.1);
    double before = gpr.logMarginalLikelihood().scalar();
    new Trainer(FullBatch.marginalLikelihood(gpr), new RandomStream(seed)).adam(new Adam(gpr).learningRate(0.02), 60);
    double after = gpr.logMarginalLikelihood().scalar();
    assertTrue(after > before, "log marginal likelihood " + before + " -> " + after);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void refusesInputsTheNetworkCannotRead(long seed) {
    FeatureMapKernel k = kernel(3, seed);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.K(Var.constant(new Matrix(2, 4))));
    assertTrue(e.getMessage().contains("3 columns"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FeatureMapKernel(4, k.network(), k.base()));
  }
}
