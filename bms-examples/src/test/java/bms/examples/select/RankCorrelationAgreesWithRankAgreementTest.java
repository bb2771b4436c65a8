package bms.examples.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.testing.RandomCases;
import bms.dgp.selection.RankCorrelation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The library's Commons Math rank correlations against the hand-written ones they replace, on ties and failed (-inf) fits. */
class RankCorrelationAgreesWithRankAgreementTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(200);
  }

  private static double[] tiedScores(RandomCases rc, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int level = rc.rng().nextInt(4);
      v[i] = level == 0 && rc.rng().nextInt(3) == 0 ? Double.NEGATIVE_INFINITY : level;
    }
    return v;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void spearmanKendallAndOrderAgreeOnTies(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 10);
    double[] a = tiedScores(rc, n);
    double[] b = seed % 2 == 0 ? tiedScores(rc, n) : rc.matrix(1, n).data();
    assertEquals(RankAgreement.spearman(a, b), RankCorrelation.spearman(a, b), 1e-12);
    assertEquals(RankAgreement.kendall(a, b), RankCorrelation.kendall(a, b), 1e-12);
    assertArrayEquals(RankAgreement.order(a), RankCorrelation.order(a));
  }
}
