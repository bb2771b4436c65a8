package bms.invariance.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.conditionals.Marginals;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.SVGP;
import bms.dgp.random.RandomStream;
import bms.dgp.variational.QForm;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.testing.InvariantCases;
import bms.kernels.SquaredExponential;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** InvariantSVGP against bms-dgp's SVGP, strict invariance on exact orbits, and bad input. */
class InvariantSVGPTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /**
   * The sample-average estimator is the talk's procedure, which bms-dgp's SVGP also runs with
   * the invariant kernel's sample-average diagonal and its inducing points: same draws, same bound.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void sampleAverageBoundEqualsSvgpWithTheInvariantKernel(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape shape = ImageShape.gray(rc.dim(3, 6), rc.dim(3, 6));
    int n = rc.dim(1, 12), m = rc.dim(1, 5), s = rc.dim(1, 6);
    Matrix x = InvariantCases.images(rc, n, shape), y = rc.matrix(n, 1), z = InvariantCases.images(rc, m, shape);
    SquaredExponential base = new SquaredExponential(0.5 + rc.rng().nextDouble(), 1.0 + rc.rng().nextDouble());
    RotationOrbit orbit = new RotationOrbit(shape, 10 + 150 * rc.rng().nextDouble(), s, EpsilonSource.fixed(seed));
    Invariant kernel = Invariant.forVariationalModels(base, orbit);
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    boolean whiten = rc.rng().nextBoolean();
    Gaussian lik = new Gaussian(0.1 + rc.rng().nextDouble());
    InvariantSVGP ours = new InvariantSVGP(kernel, lik, new InvariantInducingPoints(z), new Zero(), 1, form, whiten,
        ExpectationEstimator.SAMPLE_AVERAGE);
    SVGP theirs = new SVGP(kernel, lik, new InvariantInducingPoints(z.copy()), new Zero(), 1, form, whiten);
    InvariantCases.perturb(ours.layer().q().trainableParameters(), rc.rng(), 0.3);
    theirs.layer().q().qMu().assign(ours.layer().q().qMu().value());
    theirs.layer().q().qSqrt().assign(ours.layer().q().qSqrt().value());
    double a = ours.expectedLogLikelihood(x, y, null).scalar();
    double b = theirs.expectedLogLikelihood(x, y, null).scalar();
    assertEquals(b, a, 1e-10 * Math.max(1, Math.abs(b)));
    assertEquals(theirs.priorKL().scalar(), ours.priorKL().scalar(), 1e-12);
  }

  /** On the exact orbit of 90-degree rotations, predictions are the same for x and each rotation of x. */
  @ParameterizedTest
  @MethodSource("seeds")
  void exactOrbitPredictionsAreInvariant(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(2, 5);
    ImageShape shape = ImageShape.planar(rc.dim(1, 2), side, side);
    PermutationOrbit rotations = PermutationOrbit.rotations90(shape);
    int n = rc.dim(1, 6);
    InvariantSVGP model = new InvariantSVGP(
        Invariant.forVariationalModels(new SquaredExponential(1.0, rc.positive(1, shape.size(), 1.0, 3.0)), rotations),
        rc.rng().nextBoolean() ? new Gaussian(0.3) : new Bernoulli(),
        new InvariantInducingPoints(rc.matrix(rc.dim(1, 4), shape.size())), 1).setJitter(JitterPolicy.NONE_FIRST);
    InvariantCases.perturb(model.trainableParameters(), rc.rng(), 0.3);
    Matrix x = rc.matrix(n, shape.size());
    Marginals f = model.predictF(x, null);
    Matrix all = rotations.apply(Var.constant(x)).value();
    for (int g = 1; g < rotations.order(); g++) {
      Matrix xg = new Matrix(n, x.cols());
      for (int i = 0; i < n; i++) {
        System.arraycopy(all.data(), (i * rotations.order() + g) * x.cols(), xg.data(), i * x.cols(), x.cols());
      }
      Marginals fg = model.predictF(xg, null);
      assertEquals(0.0, f.mean().value().maxAbsDiff(fg.mean().value()), 1e-10);
      assertEquals(0.0, f.variance().value().maxAbsDiff(fg.variance().value()), 1e-10);
      assertTrue(java.util.Arrays.stream(f.variance().value().data()).allMatch(v -> v > 0), "variances are positive");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void badInputIsRefusedWithClearMessages(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape shape = ImageShape.gray(4, 4);
    Invariant kernel = Invariant.forVariationalModels(new SquaredExponential(1.0, 2.0),
        new RotationOrbit(shape, 30, 2, EpsilonSource.seeded(seed)));
    InvariantInducingPoints z = new InvariantInducingPoints(rc.matrix(3, 16));
    IllegalArgumentException lik = assertThrows(IllegalArgumentException.class, () -> new InvariantSVGP(kernel,
        new Bernoulli(), z, new Zero(), 1, QForm.FULL, true, ExpectationEstimator.UNBIASED_GAUSSIAN));
    assertTrue(lik.getMessage().contains("Gaussian") && lik.getMessage().contains("Bernoulli"), lik.getMessage());

    InvariantSVGP model = new InvariantSVGP(kernel, new Gaussian(0.2), z, 1);
    int cols = 16 + rc.dim(1, 3);
    IllegalArgumentException shapeError = assertThrows(IllegalArgumentException.class,
        () -> model.expectedLogLikelihood(rc.matrix(2, cols), rc.matrix(2, 1), new RandomStream(seed)));
    assertTrue(shapeError.getMessage().contains("X has " + cols + " columns"), shapeError.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> model.expectedLogLikelihood(rc.matrix(2, 16), rc.matrix(3, 1), new RandomStream(seed)));
    assertTrue(rows.getMessage().contains("X has 2 rows"), rows.getMessage());
    Matrix bad = rc.matrix(2, 16);
    bad.set(1, 3, Double.NaN);
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> model.expectedLogLikelihood(bad, rc.matrix(2, 1), new RandomStream(seed)));
    assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("row 1"), nan.getMessage());
  }
}
