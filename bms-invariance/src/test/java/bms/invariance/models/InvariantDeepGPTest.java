package bms.invariance.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.testing.RandomCases;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.GPLayer;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.ParameterGradCheck;
import bms.dgp.testing.Problems;
import bms.dgp.training.Trainer;
import bms.dgp.training.TrainingResult;
import bms.dgp.variational.QForm;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.AffineOrbit;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.testing.InvariantCases;
import bms.invariance.testing.RotatedPatterns;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Deep GPs whose first layer is invariant ({@link InvariantFirstLayer}). */
class InvariantDeepGPTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(3);
  }

  /**
   * A two-layer deep GP from the builder; the second layer's Z (k-means centres of a few images,
   * projected to the hidden width, which can nearly coincide) are moved to well-spread points so
   * that its Kuu is well conditioned in tests about something else.
   */
  private static DeepGP built(Matrix x, int width, int m, RandomCases rc, long seed) {
    DeepGP dgp = builder(x, width, m, rc).build(new RandomStream(seed));
    ((InducingPoints) dgp.layers().get(1).inducing()).z().assign(Problems.spreadPoints(rc, m, width, 1.0));
    return dgp;
  }

  private static DeepGPBuilder builder(Matrix x, int width, int m, RandomCases rc) {
    return new DeepGPBuilder(x, new Gaussian(0.2 + rc.rng().nextDouble()), 1)
        .hiddenWidths(width)
        .numInducing(m)
        .numSamples(rc.dim(1, 2))
        .form(rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL)
        .whiten(rc.rng().nextBoolean())
        .innerQSqrtScale(0.3)
        .kernels(d -> new SquaredExponential(1.0, Matrix.filled(1, d, d > 4 ? 1.5 : 1.0)));
  }

  /**
   * The whole two-layer bound against finite differences for every trainable parameter, theta
   * included, with fixed off-kink orbit eps and fixed deep-GP noise. The first layer keeps the
   * builder's PCA mean, averaged over the orbit, so theta reaches the bound through the mean too.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void twoLayerBoundGradientWithFixedEps(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape shape = ImageShape.gray(4, 4); // even: no pixel centre sits on the rotation centre
    int n = rc.dim(3, 5);
    Matrix x = InvariantCases.images(rc, n, shape);
    Dataset data = new Dataset(x, rc.matrix(n, 1));
    AffineOrbit orbit = InvariantCases.affineOrbit((int) Math.floorMod(seed, 3L), rc, shape, rc.dim(2, 3));
    orbit.setEpsilons(EpsilonSource.constant(InvariantCases.offKinkEps(rc, orbit, n)));
    DeepGP dgp = InvariantFirstLayer.of(built(x, rc.dim(1, 2), Math.min(3, n), rc, seed), orbit);
    for (GPLayer l : dgp.layers()) l.setJitter(JitterPolicy.NONE_FIRST);
    InvariantCases.perturb(dgp.trainableParameters(), rc.rng(), 0.3);
    assertTrue(dgp.trainableParameters().keySet().stream().anyMatch(k -> k.startsWith("layers[0].kernel.orbit.")),
        "theta is trained: " + dgp.trainableParameters().keySet());
    Elbo elbo = new Elbo(dgp, data);
    ParameterGradCheck.check(dgp, () -> elbo.evaluate(null, new RandomStream(seed + 2)), 1e-5, 1e-5);
  }

  /**
   * On an exact orbit (the four 90-degree rotations) the first layer is strictly invariant, mean
   * included, so the whole deep GP gives the same output distribution for an image and its
   * rotation (with the same deep-GP noise).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void exactOrbitMakesTheWholeDeepGpInvariant(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape shape = ImageShape.gray(3, 3);
    int n = rc.dim(3, 6);
    Matrix x = InvariantCases.images(rc, n, shape);
    DeepGP plain = built(x, rc.dim(1, 3), Math.min(3, n), rc, seed);
    PermutationOrbit rotations = PermutationOrbit.rotations90(shape);
    DeepGP dgp = InvariantFirstLayer.of(plain, rotations);
    InvariantCases.perturb(dgp.trainableParameters(), rc.rng(), 0.3);

    GPLayer first = dgp.layers().get(0);
    assertTrue(first.kernel() instanceof Invariant inv && inv.base() == plain.layers().get(0).kernel());
    assertTrue(first.inducing() instanceof InvariantInducingPoints);
    assertSame(plain.layers().get(0).q(), first.q(), "q(u) carried over");
    assertSame(plain.layers().get(1), dgp.layers().get(1), "upper layers unchanged");

    Matrix rotated = rotations.apply(bms.core.autodiff.Var.constant(x)).value(); // row n*4 + g
    for (int g = 1; g < rotations.order(); g++) {
      Matrix xg = new Matrix(n, x.cols());
      for (int i = 0; i < n; i++) System.arraycopy(rotated.data(), (i * 4 + g) * x.cols(), xg.data(), i * x.cols(), x.cols());
      Marginals a = dgp.propagate(x, 2, new RandomStream(seed + 3));
      Marginals b = dgp.propagate(xg, 2, new RandomStream(seed + 3));
      assertEquals(0.0, a.mean().value().maxAbsDiff(b.mean().value()), 1e-10, "mean under rotation " + g);
      assertEquals(0.0, a.variance().value().maxAbsDiff(b.variance().value()), 1e-10, "variance under rotation " + g);
    }
  }

  /**
   * Trained by a Trainer with orbit noise from each step's stream, the two-layer model raises its
   * bound (averaged over fixed streams, before and after), and theta moves.
   */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void twoLayerModelWithInvariantFirstLayerTrains(long seed) {
    ImageShape shape = ImageShape.gray(6, 6);
    Dataset data = RotatedPatterns.classes(new RandomStream(seed), shape, 30, new double[] {-1, 1}, 90, 0.05);
    RotationOrbit orbit = new RotationOrbit(shape, 10, 3, EpsilonSource.perEvaluation());
    DeepGP dgp = InvariantFirstLayer.of(new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).hiddenWidths(2)
        .numInducing(5).kernels(d -> new SquaredExponential(1.0, Matrix.filled(1, d, d > 4 ? 2.0 : 1.0)))
        .build(new RandomStream(seed)), orbit);
    Objective objective = OrbitNoise.objective(new Elbo(dgp, data));
    double before = averageBound(objective);
    double angleBefore = orbit.angle().scalar();
    TrainingResult r = new Trainer(objective, new RandomStream(seed)).adam(new Adam(dgp).learningRate(0.05), 40);
    assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
    double after = averageBound(objective);
    assertTrue(after > before + 0.2 * Math.abs(before), "bound " + before + " -> " + after);
    assertTrue(Math.abs(orbit.angle().scalar() - angleBefore) > 0.1, "theta moved: " + orbit.angle().scalar());
  }

  private static double averageBound(Objective objective) {
    double sum = 0;
    for (int i = 0; i < 5; i++) sum += objective.evaluate(null, new RandomStream(100 + i)).scalar();
    return sum / 5;
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void refusesALayerThatIsAlreadyInvariant(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape shape = ImageShape.gray(2, 2);
    Matrix x = InvariantCases.images(rc, 4, shape);
    DeepGP once = InvariantFirstLayer.of(built(x, 1, 2, rc, seed), PermutationOrbit.rotations90(shape));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InvariantFirstLayer.of(once, PermutationOrbit.rotations90(shape)));
    assertTrue(e.getMessage().contains("already Invariant"), e.getMessage());
  }
}
