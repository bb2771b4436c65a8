package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.PositiveBijector;
import bms.core.param.PositiveFloor;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.dgp.testing.Problems;
import bms.dgp.variational.QForm;
import bms.kernels.SquaredExponential;
import bms.kernels.Sum;
import bms.kernels.White;
import bms.kernels.inducing.InducingPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings of docs/from-gpflow-and-gpytorch.md give the other libraries' formulas: the
 * whitened SVGP bound with a Gaussian likelihood written out densely here with
 * chol(Kuu + kuuJitter I) and latent variances + varJitter, for bms's default (relative jitter),
 * GPflow's (absolute 1e-6 on Kuu only) and GPyTorch's (absolute 1e-6 on Kuu and on the
 * variances); kernel white noise in SVGP; per-parameter positive floors.
 */
class ConventionsTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  private static double denseWhitenedBound(Dataset data, SquaredExponential k, Matrix z, double noise, Matrix mu,
      Matrix r, double kuuJitter, double varJitter) {
    Matrix kuu = Dense.addDiagonal(Dense.rbf(z, z, k.variance().scalar(), k.lengthscales().value()), kuuJitter);
    Matrix a = Dense.mul(Dense.inverse(Dense.chol(kuu)), Dense.rbf(z, data.x(), k.variance().scalar(),
        k.lengthscales().value()));
    Matrix mean = Dense.mul(Dense.t(a), mu);
    Matrix rta = Dense.mul(Dense.t(r), a);
    double ell = 0;
    for (int n = 0; n < data.size(); n++) {
      double var = k.variance().scalar() + varJitter;
      for (int i = 0; i < z.rows(); i++) var += -a.get(i, n) * a.get(i, n) + rta.get(i, n) * rta.get(i, n);
      double res = data.y().get(n, 0) - mean.get(n, 0);
      ell += -0.5 * Math.log(2 * Math.PI * noise) - (res * res + var) / (2 * noise);
    }
    double kl = 0.5 * (Dense.trace(Dense.mul(r, Dense.t(r))) + Dense.mul(Dense.t(mu), mu).scalarValue() - z.rows());
    for (int i = 0; i < z.rows(); i++) kl -= Math.log(Math.abs(r.get(i, i)));
    return ell - kl;
  }

  private static double meanDiagonal(SquaredExponential k) {
    return k.variance().scalar();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void jitterSettingsReproduceEachLibrarysBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(3, 12), d = rc.dim(1, 2), m = rc.dim(2, 6);
    Dataset data = Problems.regression(rc, n, d, 1);
    SquaredExponential k = Problems.kernel(rc, d);
    Matrix z = Problems.spreadPoints(rc, m, d, 0.5);
    double noise = 0.1 + rc.rng().nextDouble();
    Matrix mu = rc.matrix(m, 1);
    Matrix r = Dense.scale(rc.lowerTriangular(m), 0.5);
    for (int which = 0; which < 3; which++) {
      double white = which == 2 ? 1e-6 : 0.0;
      SVGP svgp = new SVGP(k, new Gaussian(noise), new InducingPoints(z.copy()), new Zero(), 1, QForm.FULL, true,
          white);
      svgp.layer().q().assign(mu, r);
      double kuuJitter = switch (which) {
        case 0 -> 1e-6 * meanDiagonal(k); // bms default: relative to the mean diagonal
        case 1 -> {
          svgp.setJitter(JitterPolicy.absolute(1e-6, 0)); // GPflow: default_jitter(), no retries
          yield 1e-6;
        }
        default -> {
          svgp.setJitter(JitterPolicy.absoluteAfterFailure(1e-6, 3)); // GPyTorch: jitter_val in Kuu + white noise
          yield 1e-6;
        }
      };
      double want = denseWhitenedBound(data, k, z, noise, mu, r, kuuJitter, white);
      double got = new Elbo(svgp, data).evaluate(null, new RandomStream(1)).scalar();
      assertEquals(want, got, 1e-9 * (1 + Math.abs(want)), "convention " + which);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void svgpWhiteNoiseIsAWhiteKernelAddedToTheKernel(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(3, 12), d = rc.dim(1, 2), m = rc.dim(2, 6);
    Dataset data = Problems.regression(rc, n, d, 1);
    SquaredExponential k = Problems.kernel(rc, d);
    Matrix z = Problems.spreadPoints(rc, m, d, 0.5);
    double w = 1e-3 + 0.1 * rc.rng().nextDouble();
    boolean whiten = rc.rng().nextBoolean();
    SVGP fixed = new SVGP(k, new Gaussian(0.3), new InducingPoints(z.copy()), new Zero(), 1, QForm.FULL, whiten, w);
    SVGP summed = new SVGP(new Sum(k, new White(w)), new Gaussian(0.3), new InducingPoints(z.copy()), new Zero(), 1,
        QForm.FULL, whiten);
    Matrix mu = rc.matrix(m, 1);
    Matrix r = Dense.scale(rc.lowerTriangular(m), 0.5);
    fixed.layer().q().assign(mu, r);
    summed.layer().q().assign(mu, r);
    // Same Kuu (so the same relative jitter) and the same variances.
    double a = new Elbo(fixed, data).evaluate(null, new RandomStream(1)).scalar();
    double b = new Elbo(summed, data).evaluate(null, new RandomStream(1)).scalar();
    assertEquals(a, b, 1e-10 * (1 + Math.abs(a)));
    assertEquals(0, fixed.predictF(data.x()).variance().value().maxAbsDiff(summed.predictF(data.x()).variance()
        .value()), 1e-12);
  }

  @Test
  void positiveFloorsArePerParameterAndScoped() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new White(1e-6));
    assertTrue(e.getMessage().contains("greater than 1.0E-6"), e.getMessage());
    White explicit = new White(1e-6, 0.0);
    assertEquals(1e-6, explicit.variance().scalar(), 1e-18);
    assertEquals(0.0, ((PositiveBijector) explicit.variance().bijector()).lower());
    try (PositiveFloor.Scope outer = PositiveFloor.scope(1e-9)) {
      White w = new White(1e-6);
      Gaussian g = new Gaussian(1e-7);
      assertEquals(1e-9, ((PositiveBijector) w.variance().bijector()).lower());
      assertEquals(1e-9, ((PositiveBijector) g.variance().bijector()).lower());
      try (PositiveFloor.Scope inner = PositiveFloor.scope(0.0)) {
        assertEquals(0.0, PositiveFloor.current());
      }
      assertEquals(1e-9, PositiveFloor.current(), "the inner scope restores the outer floor");
    }
    assertEquals(PositiveBijector.DEFAULT_LOWER, PositiveFloor.current());
    SquaredExponential k = new SquaredExponential(1.0, Matrix.row(1.0));
    assertEquals(PositiveBijector.DEFAULT_LOWER, ((PositiveBijector) k.variance().bijector()).lower(),
        "the default is unchanged outside a scope");
    assertThrows(IllegalArgumentException.class, () -> PositiveFloor.scope(-1));
  }
}
