package bms.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.examples.data.NamedDataset;
import bms.examples.data.Splits;
import bms.examples.data.TrainTestSplit;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Training and evaluation on small synthetic problems (tens of points, tens of steps). */
class RegressionFitTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(6);
  }

  private static final FitSettings SMALL = new FitSettings(8, 16, 15, 0.01, 2, 10, 0.05, 30, 10_000);

  /** y = sin(2 x0) + x1^2 / 2 + noise, with inputs on an arbitrary scale. */
  private static NamedDataset synthetic(RandomCases rc, int n, int d, double yScale, double yShift) {
    Matrix x = rc.matrix(n, d);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      double f = Math.sin(2 * x.get(i, 0)) + (d > 1 ? 0.5 * x.get(i, 1) * x.get(i, 1) : 0);
      y.set(i, 0, yScale * (f + 0.1 * rc.rng().nextGaussian()) + yShift);
    }
    return new NamedDataset("synthetic", x, y);
  }

  private static NamedDataset rescaleY(NamedDataset d, double c, double b) {
    Matrix y = d.y().copy();
    for (int i = 0; i < y.size(); i++) y.data()[i] = c * y.data()[i] + b;
    return new NamedDataset(d.name(), d.x(), y);
  }

  /**
   * The targets are standardised before fitting, so rescaling them by c (and shifting) changes
   * nothing inside the model: the RMSE must scale by c and the log-likelihood shift by -log c.
   * This pins down that both are reported in original units.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void metricsAreInOriginalUnits(long seed) throws IOException {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3);
    NamedDataset base = synthetic(rc, 48, d, 1.0, 0.0);
    double c = Math.pow(10, rc.rng().nextInt(7) - 3) * (1 + rc.rng().nextDouble());
    double b = 100 * rc.rng().nextGaussian();
    for (String model : new String[] {"svgp", "dgp2", "sgpr", "gpr-matern52"}) {
      ModelSpec spec = ModelSpec.parse(model);
      FitResult a = fit(spec, base, seed);
      FitResult s = fit(spec, rescaleY(base, c, b), seed);
      double tol = spec.stochastic() ? 1e-6 : 1e-4; // L-BFGS line searches amplify roundoff a little more
      assertTrue(Double.isFinite(a.testRmse()) && a.testRmse() > 0, model + " RMSE " + a.testRmse());
      assertEquals(c * a.testRmse(), s.testRmse(), tol * c * a.testRmse(), model + " RMSE scales with y");
      assertEquals(a.testLogLik() - Math.log(c), s.testLogLik(), tol * (1 + Math.abs(a.testLogLik())),
          model + " test LL shifts by -log c");
      assertEquals(a.testLogLikStandardised(), s.testLogLikStandardised(), tol * (1 + Math.abs(a.testLogLik())));
      assertEquals(a.bound(), s.bound(), tol * (1 + Math.abs(a.bound())), model + " bound on standardised y");
      assertEquals(a.noiseVariance() * c * c, s.noiseVariance(), tol * c * c * a.noiseVariance());
      // The bound in original units is the standardised one plus N times the log-Jacobian.
      assertEquals(a.boundOriginalUnits() - 43 * Math.log(c), s.boundOriginalUnits(),
          tol * (1 + Math.abs(a.boundOriginalUnits())) + 1e-6 * 43 * Math.abs(Math.log(c)));
      assertEquals(s.bound() / 43, s.boundPerPoint(), 1e-12 * (1 + Math.abs(s.bound())));
    }
  }

  private static FitResult fit(ModelSpec spec, NamedDataset data, long seed) throws IOException {
    TrainTestSplit split = Splits.trainTest(data, 0.9, seed);
    return new RegressionFit(spec, SMALL, seed).run(StandardisedSplit.of(split));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theSameSeedGivesTheSameRunAndTheTraceHasEveryStep(long seed) throws IOException {
    RandomCases rc = new RandomCases(seed);
    NamedDataset data = synthetic(rc, 40, 2, 3.0, 1.0);
    ModelSpec spec = ModelSpec.parse(seed % 2 == 0 ? "svgp-arccos" : "dgp2");
    FitResult a = fit(spec, data, seed);
    FitResult b = fit(spec, data, seed);
    assertEquals(a.testLogLik(), b.testLogLik(), 0.0);
    assertEquals(a.bound(), b.bound(), 0.0);
    assertEquals(SMALL.steps(), a.steps());
    assertEquals(SMALL.steps(), a.trace().size());
    assertEquals(1, a.trace().steps()[0]);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void refusesMoreInducingPointsThanDataAndHugeExactGps(long seed) {
    RandomCases rc = new RandomCases(seed);
    NamedDataset data = synthetic(rc, 20, 2, 1.0, 0.0);
    FitSettings tooMany = new FitSettings(30, 16, 5, 0.01, 1, 1, 0.05, 30, 10_000);
    StandardisedSplit s = StandardisedSplit.of(Splits.trainTest(data, 0.9, seed));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RegressionFit(ModelSpec.parse("svgp"), tooMany, seed).run(s));
    assertTrue(e.getMessage().contains("--inducing") && e.getMessage().contains("18"), e.getMessage());
    NamedDataset big = synthetic(rc, 5600, 1, 1.0, 0.0);
    StandardisedSplit bs = StandardisedSplit.of(Splits.trainTest(big, 0.9, seed));
    e = assertThrows(IllegalArgumentException.class,
        () -> new RegressionFit(ModelSpec.parse("gpr"), SMALL, seed).run(bs));
    assertTrue(e.getMessage().contains("5040") && e.getMessage().contains("sgpr"), e.getMessage());
  }
}
