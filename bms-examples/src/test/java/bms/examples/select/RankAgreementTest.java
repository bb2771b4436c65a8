package bms.examples.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RankAgreementTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  /** Scores with ties: values drawn from a few levels. */
  private static double[] scores(RandomCases rc, int n, boolean ties) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = ties ? rc.rng().nextInt(4) : rc.rng().nextGaussian();
    }
    return v;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void ranksAreAPermutationOfPositionsWithTiesAveraged(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 12);
    double[] s = scores(rc, n, seed % 2 == 0);
    double[] r = RankAgreement.ranks(s);
    assertEquals(n * (n + 1) / 2.0, Arrays.stream(r).sum(), 1e-12);
    for (int i = 0; i < n; i++) {
      // rank = 1 + (number strictly better) + (number tied, others) / 2
      int better = 0;
      int tied = 0;
      for (int j = 0; j < n; j++) {
        if (s[j] > s[i]) better++;
        if (j != i && s[j] == s[i]) tied++;
      }
      assertEquals(1 + better + tied / 2.0, r[i], 1e-12);
    }
    int[] order = RankAgreement.order(s);
    for (int k = 1; k < n; k++) {
      assertTrue(s[order[k - 1]] >= s[order[k]], "order must go from best to worst");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void agreesWithCommonsMath(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(3, 12);
    boolean ties = seed % 3 == 0;
    double[] a = scores(rc, n, ties);
    double[] b = scores(rc, n, ties);
    double expectRho = new SpearmansCorrelation().correlation(a, b);
    double expectTau = new KendallsCorrelation().correlation(a, b);
    if (Double.isNaN(expectRho)) {
      assertTrue(Double.isNaN(RankAgreement.spearman(a, b)));
    } else {
      assertEquals(expectRho, RankAgreement.spearman(a, b), 1e-12);
    }
    if (Double.isNaN(expectTau)) {
      assertTrue(Double.isNaN(RankAgreement.kendall(a, b)));
    } else {
      assertEquals(expectTau, RankAgreement.kendall(a, b), 1e-12);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sameOrderGivesOneReverseGivesMinusOneAndMonotoneMapsChangeNothing(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 12);
    double[] a = scores(rc, n, false);
    double[] mono = Arrays.stream(a).map(x -> Math.exp(3 * x) - 7).toArray();
    double[] reversed = Arrays.stream(a).map(x -> -x).toArray();
    assertEquals(1.0, RankAgreement.spearman(a, mono), 1e-12);
    assertEquals(1.0, RankAgreement.kendall(a, mono), 1e-12);
    assertEquals(-1.0, RankAgreement.spearman(a, reversed), 1e-12);
    assertEquals(-1.0, RankAgreement.kendall(a, reversed), 1e-12);
    double[] b = scores(rc, n, false);
    assertEquals(RankAgreement.spearman(a, b), RankAgreement.spearman(b, a), 1e-12);
    assertEquals(RankAgreement.kendall(a, b), RankAgreement.kendall(mono, b), 1e-12);
    assertArrayEquals(RankAgreement.ranks(a), RankAgreement.ranks(mono), 0.0);
  }

  @Test
  void failedCandidatesRankLastAndNaNIsRefused() {
    double[] s = {0.5, Double.NEGATIVE_INFINITY, 1.5};
    assertArrayEquals(new double[] {2, 3, 1}, RankAgreement.ranks(s), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RankAgreement.ranks(new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("scores[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RankAgreement.spearman(new double[] {1}, new double[] {2}));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RankAgreement.kendall(new double[] {1, 2}, new double[] {2, 3, 4}));
    assertTrue(e.getMessage().contains("2 vs 3"), e.getMessage());
    assertTrue(Double.isNaN(RankAgreement.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
  }
}
