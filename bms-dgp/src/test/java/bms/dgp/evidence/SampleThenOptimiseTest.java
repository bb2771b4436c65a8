package bms.dgp.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.Stationary;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sample-then-optimise gives exact posterior samples: the ensemble's mean and covariance match
 * the closed-form posterior of the Bayesian linear model within Monte Carlo error
 * ({@link PosteriorCheck}), while the same check refuses samples whose variance is 25% too large
 * or whose mean is off by a tenth of a posterior standard deviation.
 */
class SampleThenOptimiseTest {
  static final int MEMBERS = 4000;

  static Stream<Long> seeds() {
    return RandomCases.seeds(6);
  }

  /** A small regression problem on random Fourier features of an SE or Matern 5/2 kernel. */
  static BayesianLinearModel problem(RandomCases rc) {
    int n = rc.dim(5, 20), d = rc.dim(1, 2), f = rc.dim(2, 5);
    Matrix x = rc.uniform(n, d, -3, 3);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) y.set(i, 0, Math.sin(x.get(i, 0)) + 0.3 * rc.rng().nextGaussian());
    Stationary k = rc.rng().nextBoolean() ? new SquaredExponential(1.0, rc.uniform(1, d, 0.7, 1.5))
        : new Matern52(1.0, rc.uniform(1, d, 0.7, 1.5));
    Matrix phi = RandomFourierFeatures.of(k, d, f, new RandomStream(rc.seed()).child("rff")).features(x);
    return new BayesianLinearModel(phi, y, 0.5 + rc.rng().nextDouble(), 0.05 + 0.3 * rc.rng().nextDouble());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void ensembleMeanAndCovarianceAreThePosteriorsWithinMonteCarloError(long seed) {
    RandomCases rc = new RandomCases(seed);
    BayesianLinearModel blr = problem(rc);
    Matrix samples = SampleThenOptimise.posteriorSamples(blr, MEMBERS, new RandomStream(seed).child("ensemble"),
        GradientDescent.defaults());
    PosteriorCheck.Result r = PosteriorCheck.check(samples, blr.posteriorMean(), blr.posteriorCovariance());
    assertTrue(r.passes(), r.toString());
  }

  /** The check has power: exact draws pass it, draws with 25% too much variance or shifted by 0.1 sd do not. */
  @ParameterizedTest
  @MethodSource("seeds")
  void theCheckRefusesSlightlyWrongPosteriors(long seed) {
    RandomCases rc = new RandomCases(seed);
    BayesianLinearModel blr = problem(rc);
    Matrix mu = blr.posteriorMean();
    Matrix cov = blr.posteriorCovariance();
    Matrix l = Dense.chol(cov);
    Matrix z = new RandomStream(seed).child("exact").gaussian(blr.featureCount(), MEMBERS);
    assertTrue(PosteriorCheck.check(shifted(Dense.mul(l, z), mu, 0), mu, cov).passes(), "exact draws");
    Matrix wide = Dense.scale(Dense.mul(l, z), Math.sqrt(1.25));
    assertFalse(PosteriorCheck.check(shifted(wide, mu, 0), mu, cov).passes(), "variance 25% too large");
    Matrix offset = shifted(Dense.mul(l, z), mu, 0.1 * Math.sqrt(cov.get(0, 0)));
    assertFalse(PosteriorCheck.check(offset, mu, cov).passes(), "mean shifted");
  }

  /** Columns of {@code z} plus mu, with {@code delta} added to the first weight. */
  private static Matrix shifted(Matrix z, Matrix mu, double delta) {
    Matrix w = z.copy();
    for (int i = 0; i < w.rows(); i++) {
      for (int j = 0; j < w.cols(); j++) w.set(i, j, w.get(i, j) + mu.get(i, 0) + (i == 0 ? delta : 0));
    }
    return w;
  }

  /** Without data every member stays at its prior draw: mean 0, covariance a I. */
  @Test
  void withoutDataTheMembersArePriorDraws() {
    SampleThenOptimise s = new SampleThenOptimise(3, 0, 2.0, 0.1, MEMBERS, new RandomStream(5));
    assertEquals(0, s.optimise(GradientDescent.defaults()));
    Matrix cov = Dense.scale(Matrix.identity(3), 2.0);
    assertTrue(PosteriorCheck.check(s.weights(), Matrix.zeros(3, 1), cov).passes());
  }

  @Test
  void nonConvergenceAndBadSettingsAreReported() {
    BayesianLinearModel blr = problem(new RandomCases(11));
    var e = assertThrows(IllegalStateException.class,
        () -> SampleThenOptimise.posteriorSamples(blr, 10, new RandomStream(1), new GradientDescent(1e-12, 3)));
    assertTrue(e.getMessage().contains("did not converge in 3 steps"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GradientDescent(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new SampleThenOptimise(3, 5, 1, 1, 0, new RandomStream(1)));
    BayesianLinearModel twoOutputs = new BayesianLinearModel(Matrix.ones(4, 2), Matrix.ones(4, 2), 1, 1);
    assertThrows(IllegalArgumentException.class,
        () -> SampleThenOptimise.posteriorSamples(twoOutputs, 10, new RandomStream(1), GradientDescent.defaults()));
  }
}
