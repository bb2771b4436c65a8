package bms.dgp.likelihoods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** log Phi against an independent high-precision series, far into the lower tail. */
class NormalCdfTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /**
   * log Phi(x) for x < 0: above -3 from Commons Math's erfc, below from the continued fraction of the Mills ratio evaluated in
   * BigDecimal: Phi(x) = phi(x) / (|x| + 1/(|x| + 2/(|x| + 3/(|x| + ...)))).
   */
  private static double referenceLogCdf(double x) {
    if (x > -3) {
      // The continued fraction converges slowly near zero; Commons Math's erfc is exact enough here.
      return Math.log(0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2)));
    }
    MathContext mc = new MathContext(40);
    BigDecimal a = BigDecimal.valueOf(-x);
    BigDecimal tail = a;
    for (int k = 400; k >= 1; k--) {
      tail = a.add(BigDecimal.valueOf(k).divide(tail, mc), mc);
    }
    return NormalCdf.logPdf(x) - Math.log(tail.doubleValue());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void matchesTheMillsRatioContinuedFractionInTheLowerTail(long seed) {
    RandomCases rc = new RandomCases(seed);
    double x = -0.05 - 63 * Math.pow(rc.rng().nextDouble(), 2); // dense near zero, out to -63
    double ref = referenceLogCdf(x);
    assertEquals(ref, NormalCdf.logCdf(x), 1e-9 * Math.abs(ref), "log Phi(" + x + ")");
  }

  /** Above 8, log Phi(x) = log1p(-Phi(-x)) with Phi(-x) from the reference continued fraction. */
  @ParameterizedTest
  @MethodSource("seeds")
  void matchesTheReferenceInTheUpperTail(long seed) {
    RandomCases rc = new RandomCases(seed);
    double x = 0.05 + 30 * rc.rng().nextDouble();
    double ref = Math.log1p(-Math.exp(referenceLogCdf(-x)));
    // Relative 1e-8 where the value is below 1e-15 (x >= 8) and the series is used; 1e-9 below.
    assertEquals(ref, NormalCdf.logCdf(x), (x >= 8 ? 1e-8 : 1e-9) * Math.abs(ref), "log Phi(" + x + ")");
    assertEquals(Math.exp(referenceLogCdf(-x)), NormalCdf.lowerTail(-x), 1e-9 * Math.exp(referenceLogCdf(-x)),
        "Phi(" + -x + ")");
  }

  /** log(1 - t) by the compensated log, against fdlibm's log1p, from t = 1e-300 to 1/2. */
  @ParameterizedTest
  @MethodSource("seeds")
  void log1mxMatchesLog1pToAFewUlps(long seed) {
    RandomCases rc = new RandomCases(seed);
    for (int i = 0; i < 200; i++) {
      double t = 0.5 * Math.pow(10, -300 * Math.pow(rc.rng().nextDouble(), 3)) * rc.rng().nextDouble();
      double ref = Math.log1p(-t);
      assertEquals(ref, NormalCdf.log1mx(t), 4 * Math.ulp(ref), "log(1 - " + t + ")");
    }
    assertEquals(0.0, NormalCdf.log1mx(0.0), 0.0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void isIncreasingAndBelowZero(long seed) {
    RandomCases rc = new RandomCases(seed);
    double x = -50 + 60 * rc.rng().nextDouble();
    double y = x + 1e-3 + rc.rng().nextDouble();
    assertTrue(NormalCdf.logCdf(x) < NormalCdf.logCdf(y), "log Phi must increase: " + x + " vs " + y);
    assertTrue(NormalCdf.logCdf(y) <= 0);
    // phi/Phi is the derivative of log Phi.
    double h = 1e-5;
    double fd = (NormalCdf.logCdf(x + h) - NormalCdf.logCdf(x - h)) / (2 * h);
    assertEquals(fd, NormalCdf.hazard(x), 1e-6 * Math.max(1, Math.abs(fd)));
  }
}
