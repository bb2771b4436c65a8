package bms.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PriorTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** A prior with random hyperparameters and its Commons Math counterpart. */
  private record Case(Prior prior, DoubleUnaryOperator reference, Matrix x) {}

  private static Case normal(RandomCases rc) {
    Random r = rc.rng();
    double mu = 3 * r.nextGaussian();
    double sigma = Math.exp(-2 + 4 * r.nextDouble());
    Matrix x = rc.matrix(rc.dim(1, 4), rc.dim(1, 4));
    for (int i = 0; i < x.size(); i++) x.data()[i] = mu + 2 * sigma * x.data()[i];
    NormalDistribution d = new NormalDistribution(null, mu, sigma);
    return new Case(new NormalPrior(mu, sigma), d::logDensity, x);
  }

  private static Case logNormal(RandomCases rc) {
    Random r = rc.rng();
    double mu = r.nextGaussian();
    double sigma = Math.exp(-1.5 + 2.5 * r.nextDouble());
    // Values spanning several orders of magnitude, all positive.
    Matrix x = rc.uniform(rc.dim(1, 4), rc.dim(1, 4), -3, 3);
    for (int i = 0; i < x.size(); i++) x.data()[i] = Math.exp(x.data()[i]);
    LogNormalDistribution d = new LogNormalDistribution(null, mu, sigma);
    return new Case(new LogNormalPrior(mu, sigma), d::logDensity, x);
  }

  private static Case gamma(RandomCases rc) {
    Random r = rc.rng();
    double shape = 0.3 + 6 * r.nextDouble();
    double rate = Math.exp(-2 + 3.5 * r.nextDouble());
    Matrix x = rc.uniform(rc.dim(1, 4), rc.dim(1, 4), -3, 3);
    for (int i = 0; i < x.size(); i++) x.data()[i] = Math.exp(x.data()[i]);
    GammaDistribution d = new GammaDistribution(null, shape, 1.0 / rate);
    return new Case(new GammaPrior(shape, rate), d::logDensity, x);
  }

  private static void assertMatchesReference(Case c) {
    double expected = 0;
    for (double v : c.x().data()) expected += c.reference().applyAsDouble(v);
    double actual = c.prior().logDensity(Var.constant(c.x())).scalar();
    assertEquals(expected, actual, 1e-10 * Math.max(1, Math.abs(expected)), c.prior().describe() + " at " + c.x());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void normalMatchesCommonsMath(long seed) {
    assertMatchesReference(normal(new RandomCases(seed)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logNormalMatchesCommonsMath(long seed) {
    assertMatchesReference(logNormal(new RandomCases(seed)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gammaMatchesCommonsMath(long seed) {
    assertMatchesReference(gamma(new RandomCases(seed)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    for (Case c : new Case[] {normal(rc), logNormal(rc), gamma(rc)}) {
      GradCheck.withSeed(seed).check(v -> c.prior().logDensity(v.get(0)), c.x());
    }
  }

  @Test
  void exponentialCaseOfGammaMatches() {
    // shape 1 skips the (k - 1) log x term; it must still be the exponential density.
    Matrix x = Matrix.row(0.1, 1.0, 7.5);
    double expected = 0;
    for (double v : x.data()) expected += new GammaDistribution(null, 1.0, 0.5).logDensity(v);
    assertEquals(expected, new GammaPrior(1.0, 2.0).logDensity(Var.constant(x)).scalar(), 1e-12);
  }

  @Test
  void positivePriorsAreMinusInfinityOutsideTheirSupport() {
    Matrix x = Matrix.row(1.0, -0.5);
    assertEquals(Double.NEGATIVE_INFINITY, new LogNormalPrior(0, 1).logDensity(Var.constant(x)).scalar());
    assertEquals(Double.NEGATIVE_INFINITY, new GammaPrior(2, 1).logDensity(Var.constant(x)).scalar());
    assertEquals(Double.NEGATIVE_INFINITY, new LogNormalDistribution(null, 0, 1).logDensity(-0.5));
    assertEquals(Double.NEGATIVE_INFINITY, new GammaDistribution(null, 2, 1).logDensity(-0.5));
  }

  @Test
  void badHyperparametersAreRejectedByName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new NormalPrior(0, 0)).getMessage()
        .contains("sigma"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new NormalPrior(Double.NaN, 1)).getMessage()
        .contains("mu"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new LogNormalPrior(0, -1)).getMessage()
        .contains("sigma"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new GammaPrior(0, 1)).getMessage()
        .contains("shape"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new GammaPrior(1, Double.POSITIVE_INFINITY))
        .getMessage().contains("rate"));
  }

  @Test
  void descriptionsShowTheHyperparameters() {
    assertEquals("Gamma(2, 0.5)", new GammaPrior(2, 0.5).describe());
    assertEquals("Normal(0, 1)", new NormalPrior(0, 1).describe());
    assertEquals("LogNormal(-1.5, 0.25)", new LogNormalPrior(-1.5, 0.25).describe());
  }
}
