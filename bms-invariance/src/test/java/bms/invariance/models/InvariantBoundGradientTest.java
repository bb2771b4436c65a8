package bms.invariance.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.likelihoods.StudentT;
import bms.dgp.meanfunctions.Constant;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.ParameterGradCheck;
import bms.dgp.variational.QForm;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.AffineOrbit;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.testing.InvariantCases;
import bms.kernels.SquaredExponential;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite differences against autodiff for the whole sparse-GP bound with an invariant kernel,
 * with respect to every trainable parameter at once: the orbit's theta (angle range, the seven
 * affine ranges, or the twelve affine bounds), Z, the base kernel's hyperparameters, q(u), the
 * mean function and the likelihood. The eps are fixed and keep every warped coordinate off the
 * kinks of bilinear interpolation, so the bound is a smooth function of the parameters there.
 */
class InvariantBoundGradientTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private record Problem(ImageShape shape, Dataset data, int[] batch, Matrix z, AffineOrbit orbit,
      SquaredExponential base) {}

  /** Random images with targets for {@code lik}, a minibatch, Z, and an orbit with fixed off-kink eps. */
  private static Problem problem(RandomCases rc, long seed, Likelihood lik) {
    // An even side: a rotation keeps the centre of an odd image on a pixel centre, a kink.
    ImageShape shape = ImageShape.gray(4, 4);
    int n = rc.dim(2, 5);
    Matrix x = InvariantCases.images(rc, n, shape);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      double v = rc.rng().nextGaussian();
      y.set(i, 0, lik instanceof Bernoulli ? (v > 0 ? 1 : 0) : lik instanceof MultiClass ? rc.rng().nextInt(3) : v);
    }
    int b = Math.max(1, n - rc.rng().nextInt(2));
    int[] batch = new RandomStream(seed).sampleWithoutReplacement(n, b);
    AffineOrbit orbit = InvariantCases.affineOrbit((int) Math.floorMod(seed, 3L), rc, shape, rc.dim(2, 3));
    orbit.setEpsilons(EpsilonSource.constant(InvariantCases.offKinkEps(rc, orbit, b)));
    SquaredExponential base = new SquaredExponential(0.5 + rc.rng().nextDouble(), 1.0 + rc.rng().nextDouble());
    return new Problem(shape, new Dataset(x, y), batch, InvariantCases.images(rc, rc.dim(2, 3), shape), orbit, base);
  }

  private static MeanFunction mean(RandomCases rc, int d, int k) {
    return switch (rc.rng().nextInt(3)) {
      case 0 -> new Zero();
      case 1 -> new Constant(rc.matrix(1, k));
      default -> new Linear(scaled(rc.matrix(d, k), 0.3), rc.matrix(1, k));
    };
  }

  private static Matrix scaled(Matrix m, double s) {
    for (int i = 0; i < m.size(); i++) m.data()[i] *= s;
    return m;
  }

  /** Some gradient reaches theta (the orbit's parameters), so the check above tested it. */
  private static void assertThetaGradient(Map<String, Parameter> params, Var bound) {
    Gradients g = Gradients.of(bound);
    double largest = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      if (e.getKey().startsWith("kernel.orbit.")) largest = Math.max(largest, g.get(e.getValue().leaf()).maxAbs());
    }
    assertTrue(largest > 1e-9, "no gradient reaches theta: " + largest);
  }

  /** InvariantSVGP: both estimators with a Gaussian likelihood, the sample average with others. */
  @ParameterizedTest
  @MethodSource("seeds")
  void invariantSvgpBoundGradient(long seed) {
    RandomCases rc = new RandomCases(seed);
    int which = rc.rng().nextInt(5);
    Likelihood lik = switch (which) {
      case 0, 1 -> new Gaussian(0.2 + rc.rng().nextDouble());
      case 2 -> new Bernoulli();
      case 3 -> new StudentT(4.0, 0.5);
      default -> new MultiClass(3);
    };
    ExpectationEstimator estimator = which == 0 ? ExpectationEstimator.UNBIASED_GAUSSIAN
        : ExpectationEstimator.SAMPLE_AVERAGE;
    Problem p = problem(rc, seed, lik);
    int k = lik.latentCount(1);
    InvariantSVGP model = new InvariantSVGP(Invariant.forVariationalModels(p.base(), p.orbit()), lik,
        new InvariantInducingPoints(p.z()), mean(rc, p.shape().size(), k), k,
        rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL, rc.rng().nextBoolean(), estimator)
        .setJitter(JitterPolicy.NONE_FIRST); // relative jitter would add a term autodiff does not see
    InvariantCases.perturb(model.trainableParameters(), rc.rng(), 0.3);
    Elbo elbo = new Elbo(model, p.data());
    assertThetaGradient(model.trainableParameters(), elbo.evaluate(p.batch(), new RandomStream(seed + 1)));
    ParameterGradCheck.check(model, () -> elbo.evaluate(p.batch(), new RandomStream(seed + 1)), 1e-5, 1e-5);
  }

  /** bms-dgp's own SVGP with the invariant kernel and its inducing points: the talk's procedure. */
  @ParameterizedTest
  @MethodSource("seeds")
  void plainSvgpWithInvariantKernelBoundGradient(long seed) {
    RandomCases rc = new RandomCases(seed);
    Likelihood lik = rc.rng().nextBoolean() ? new Gaussian(0.3 + rc.rng().nextDouble()) : new Bernoulli();
    Problem p = problem(rc, seed, lik);
    SVGP svgp = new SVGP(Invariant.forVariationalModels(p.base(), p.orbit()), lik, new InvariantInducingPoints(p.z()),
        new Zero(), 1, rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL, rc.rng().nextBoolean())
        .setJitter(JitterPolicy.NONE_FIRST);
    InvariantCases.perturb(svgp.trainableParameters(), rc.rng(), 0.3);
    Elbo elbo = new Elbo(svgp, p.data());
    assertThetaGradient(svgp.trainableParameters(), elbo.evaluate(p.batch(), new RandomStream(seed + 1)));
    ParameterGradCheck.check(svgp, () -> elbo.evaluate(p.batch(), new RandomStream(seed + 1)), 1e-5, 1e-5);
  }
}
