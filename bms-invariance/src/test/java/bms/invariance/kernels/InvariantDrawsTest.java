package bms.invariance.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.RotationOrbit;
import bms.kernels.SquaredExponential;
import bms.kernels.covariances.Covariances;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How an Invariant kernel on a sampled orbit shares and renews its draws. */
class InvariantDrawsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static RotationOrbit orbit(RandomCases rc, int samples, long seed) {
    int side = rc.dim(3, 6);
    return new RotationOrbit(ImageShape.gray(side, side), 10 + 160 * rc.rng().nextDouble(), samples,
        EpsilonSource.seeded(seed));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void oneInputNodeKeepsItsDrawsUntilThetaChanges(long seed) {
    RandomCases rc = new RandomCases(seed);
    RotationOrbit orbit = orbit(rc, rc.dim(2, 5), seed);
    Invariant k = Invariant.forVariationalModels(new SquaredExponential(1.0, 2.0), orbit);
    Var x = Var.constant(rc.matrix(rc.dim(1, 4), orbit.shape().size()));
    OrbitSamples first = k.sample(x);
    assertSame(first, k.sample(x), "same node, same draws");
    // A node with equal contents is another input: fresh draws from the stream.
    Var copy = Var.constant(x.value().copy());
    assertNotEquals(0.0, k.sample(copy).all().value().maxAbsDiff(first.all().value()));
    assertSame(first, k.sample(x), "the first node's draws are still remembered");
    orbit.angle().assign(orbit.angle().scalar() * 0.5);
    OrbitSamples afterStep = k.sample(x);
    assertTrue(afterStep != first, "new theta, new draws");
    k.resample();
    assertTrue(k.sample(x) != afterStep, "resample() forgets");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sampleAverageDiagonalIsTheDiagonalOfKFromTheSameDraws(long seed) {
    RandomCases rc = new RandomCases(seed);
    RotationOrbit orbit = orbit(rc, rc.dim(1, 5), seed);
    Invariant k = Invariant.forVariationalModels(new SquaredExponential(1.0, 2.0), orbit);
    Var x = Var.constant(rc.matrix(rc.dim(1, 12), orbit.shape().size()));
    Matrix kxx = k.K(x).value();
    Matrix diag = k.Kdiag(x).value();
    for (int i = 0; i < kxx.rows(); i++) assertEquals(kxx.get(i, i), diag.get(i, 0), 1e-12);
  }

  /**
   * With the sample-average diagonal and Kuf from the same draws, (u, f_hat) has the joint
   * covariance [[Kuu, Kuf], [Kfu, K_hat]] of a real Gaussian, so the conditional variance
   * diag K_hat - diag(Kfu Kuu^-1 Kuf) is never negative, however few the samples.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void conditionalVarianceFromSharedDrawsIsNonNegative(long seed) {
    RandomCases rc = new RandomCases(seed);
    RotationOrbit orbit = orbit(rc, rc.dim(1, 4), seed);
    SquaredExponential g = new SquaredExponential(1.0, 1.0 + 2 * rc.rng().nextDouble());
    Invariant k = Invariant.forVariationalModels(g, orbit);
    int d = orbit.shape().size();
    // Inducing points near the transformed data make Kuu^-1 Kuf explain most of the variance.
    Matrix xm = rc.matrix(rc.dim(1, 6), d);
    InvariantInducingPoints z = new InvariantInducingPoints(xm.copy());
    Var x = Var.constant(xm);
    Var kuf = Covariances.Kuf(z, k, x);
    Var kdiag = k.Kdiag(x);
    Var l = Covariances.Kuu(z, k).cholesky(JitterPolicy.defaultPolicy(), "Kuu");
    Var a = l.solveTriangular(kuf, true, false);
    Matrix explained = a.square().colSums().t().value();
    for (int i = 0; i < xm.rows(); i++) {
      double v = kdiag.value().get(i, 0) - explained.get(i, 0);
      assertTrue(v >= -1e-9, "conditional variance " + v + " at point " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void chunkedDrawsEqualOneDrawOfTheWholeBatch(long seed) {
    RandomCases rc = new RandomCases(seed);
    int samples = rc.dim(2, 8);
    RotationOrbit orbit = orbit(rc, samples, seed);
    orbit.setEpsilons(EpsilonSource.fixed(seed));
    Invariant k = new Invariant(new SquaredExponential(1.0, 2.0), orbit);
    int n = rc.dim(1, 40); // up to several chunks of 64 rows
    Var x = Var.constant(rc.matrix(n, orbit.shape().size()));
    OrbitSamples draws = k.sample(x);
    assertEquals(n, draws.items());
    assertEquals(0.0, draws.all().value().maxAbsDiff(orbit.apply(x).value()), 0.0);
  }
}
