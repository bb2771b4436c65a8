package bms.invariance.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.variational.QForm;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.Orbit;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.SubsampledOrbit;
import bms.invariance.testing.InvariantCases;
import bms.kernels.SquaredExponential;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unbiased Gaussian expectation against the exact-orbit value: on a finite group sampled
 * uniformly (with replacement, independently per input), the estimator's expectation over the
 * draws must be the expected log-likelihood of the exactly invariant model, while the naive
 * plug-in (sample-average) estimate is biased low.
 */
class UnbiasedGaussianExpectationTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** One set of shared parts (base kernel, Z, q, mean, noise) for models on different orbits. */
  private record Parts(SquaredExponential base, InvariantInducingPoints z, MeanFunction mean, Gaussian lik,
      Matrix qMu, Matrix qSqrt, QForm form, boolean whiten) {
    InvariantSVGP model(Orbit orbit, ExpectationEstimator estimator) {
      InvariantSVGP m = new InvariantSVGP(Invariant.forVariationalModels(base, orbit), lik, z, mean, 1, form, whiten,
          estimator).setJitter(JitterPolicy.NONE_FIRST);
      m.layer().q().qMu().assign(qMu);
      m.layer().q().qSqrt().assign(qSqrt);
      return m;
    }
  }

  private static Parts parts(RandomCases rc, int d, int m) {
    SquaredExponential base = new SquaredExponential(0.5 + rc.rng().nextDouble(), rc.positive(1, d, 0.6, 1.5));
    MeanFunction mean = rc.rng().nextBoolean() ? new Zero() : new Linear(scaled(rc.matrix(d, 1), 0.5), rc.matrix(1, 1));
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    Matrix sqrt;
    if (form == QForm.FULL) {
      sqrt = new Matrix(m, m);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < i; j++) sqrt.set(i, j, 0.3 * rc.rng().nextGaussian());
        sqrt.set(i, i, 0.2 + 0.8 * rc.rng().nextDouble());
      }
    } else {
      sqrt = rc.uniform(m, 1, 0.2, 1.0);
    }
    return new Parts(base, new InvariantInducingPoints(rc.matrix(m, d)), mean, new Gaussian(0.1 + rc.rng().nextDouble()),
        rc.matrix(m, 1), sqrt, form, rc.rng().nextBoolean());
  }

  private static Matrix scaled(Matrix m, double s) {
    for (int i = 0; i < m.size(); i++) m.data()[i] *= s;
    return m;
  }

  /**
   * Every one of the G^(N*S) equally likely draws enumerated (eps = (g + 1/2) / G picks element
   * g): the mean over them is the estimator's exact expectation. The unbiased estimator's equals
   * the exact-orbit value to rounding; the plug-in's is (1 - 1/S) exact + (1/S) E[plug-in at S = 1],
   * (its second moment counts the s = s' terms), which lies strictly below by Jensen's inequality.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void enumeratedExpectationIsTheExactOrbitValue(long seed) {
    RandomCases rc = new RandomCases(seed);
    PermutationOrbit group = PermutationOrbit.rotations90(ImageShape.planar(rc.dim(1, 2), 2, 2));
    int order = group.order(), d = group.dim();
    int n = rc.dim(1, 2), s = n == 1 ? rc.dim(2, 3) : 2;
    Parts parts = parts(rc, d, rc.dim(1, 3));
    Matrix x = rc.matrix(n, d), y = rc.matrix(n, 1);
    double exact = parts.model(group, ExpectationEstimator.UNBIASED_GAUSSIAN).expectedLogLikelihood(x, y, null).scalar();

    Matrix[] current = new Matrix[1];
    EpsilonSource enumerated = (rows, cols) -> current[0].copy();
    InvariantSVGP unbiased = parts.model(new SubsampledOrbit(group, s, enumerated), ExpectationEstimator.UNBIASED_GAUSSIAN);
    InvariantSVGP plugIn = parts.model(new SubsampledOrbit(group, s, enumerated), ExpectationEstimator.SAMPLE_AVERAGE);
    InvariantSVGP single = parts.model(new SubsampledOrbit(group, 1, enumerated), ExpectationEstimator.SAMPLE_AVERAGE);
    double meanUnbiased = enumerate(order, n * s, current, () -> unbiased.expectedLogLikelihood(x, y, null).scalar());
    double meanPlugIn = enumerate(order, n * s, current, () -> plugIn.expectedLogLikelihood(x, y, null).scalar());
    double meanSingle = enumerate(order, n, current, () -> single.expectedLogLikelihood(x, y, null).scalar());

    double tol = 1e-10 * Math.max(1.0, Math.abs(exact));
    assertEquals(exact, meanUnbiased, tol, "E[unbiased estimate] vs the exact orbit");
    assertEquals((1 - 1.0 / s) * exact + meanSingle / s, meanPlugIn, tol, "E[plug-in]");
    assertTrue(meanPlugIn < exact - 1e-9, "the plug-in is biased low: " + meanPlugIn + " vs exact " + exact);
  }

  /** The mean of {@code f} over every eps column whose rows pick each of the G elements. */
  private static double enumerate(int order, int rows, Matrix[] current, java.util.function.DoubleSupplier f) {
    int combos = (int) Math.pow(order, rows);
    double sum = 0;
    for (int c = 0; c < combos; c++) {
      Matrix eps = new Matrix(rows, 1);
      int code = c;
      for (int r = 0; r < rows; r++) {
        eps.data()[r] = (code % order + 0.5) / order;
        code /= order;
      }
      current[0] = eps;
      sum += f.getAsDouble();
    }
    return sum / combos;
  }

  /**
   * Random draws (R = 400) from a larger group, more inputs and S up to 5: the sample mean of the
   * unbiased estimate lies within 5 standard errors of the exact-orbit value (a false alarm has
   * probability below 1e-6 per case, by the central limit theorem on a bounded estimator).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomDrawsAverageToTheExactOrbitValue(long seed) {
    RandomCases rc = new RandomCases(seed);
    PermutationOrbit group = PermutationOrbit.dihedral(ImageShape.gray(3, 3));
    int d = group.dim(), n = rc.dim(2, 4), s = rc.dim(2, 5);
    Parts parts = parts(rc, d, rc.dim(2, 4));
    Matrix x = InvariantCases.images(rc, n, ImageShape.gray(3, 3)), y = rc.matrix(n, 1);
    double exact = parts.model(group, ExpectationEstimator.UNBIASED_GAUSSIAN).expectedLogLikelihood(x, y, null).scalar();
    InvariantSVGP sampled = parts.model(new SubsampledOrbit(group, s, EpsilonSource.seeded(seed)),
        ExpectationEstimator.UNBIASED_GAUSSIAN);
    int r = 400;
    double sum = 0, sumSq = 0;
    for (int i = 0; i < r; i++) {
      double v = sampled.expectedLogLikelihood(x, y, null).scalar();
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / r;
    double se = Math.sqrt(Math.max(0, sumSq / r - mean * mean) / (r - 1));
    assertTrue(se > 0, "the draws differ");
    assertEquals(exact, mean, 5 * se + 1e-12 * Math.abs(exact), "mean of " + r + " unbiased estimates (s.e. " + se + ")");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void oneSampleCannotGiveTheUnbiasedEstimate(long seed) {
    RandomCases rc = new RandomCases(seed);
    PermutationOrbit group = PermutationOrbit.rotations90(ImageShape.gray(2, 2));
    Parts parts = parts(rc, 4, 2);
    InvariantSVGP model = parts.model(new SubsampledOrbit(group, 1, EpsilonSource.seeded(seed)),
        ExpectationEstimator.UNBIASED_GAUSSIAN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.expectedLogLikelihood(rc.matrix(2, 4), rc.matrix(2, 1), null));
    assertTrue(e.getMessage().contains("S >= 2") && e.getMessage().contains("S = 1"), e.getMessage());
  }
}
