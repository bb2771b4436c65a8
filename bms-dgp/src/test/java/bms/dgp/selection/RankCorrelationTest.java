package bms.dgp.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rank correlations: tau-b and rho computed here from their definitions on tied scores, order
 * from best to worst, monotone invariance, and the refusals.
 */
class RankCorrelationTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  private static double[] scores(RandomCases rc, int n, boolean ties) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = ties ? rc.rng().nextInt(4) : rc.rng().nextGaussian();
    return v;
  }

  /** tau-b = (C - D) / sqrt((P - Ta)(P - Tb)), counted over pairs. */
  private static double tauB(double[] a, double[] b) {
    long c = 0, d = 0, ta = 0, tb = 0;
    int n = a.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int sa = Double.compare(a[i], a[j]);
        int sb = Double.compare(b[i], b[j]);
        if (sa == 0) ta++;
        if (sb == 0) tb++;
        if (sa != 0 && sb != 0) {
          if (sa == sb) c++;
          else d++;
        }
      }
    }
    long p = (long) n * (n - 1) / 2;
    double den = Math.sqrt((double) (p - ta) * (p - tb));
    return den == 0 ? Double.NaN : (c - d) / den;
  }

  /** Mid-ranks: 1 + (strictly better) + (tied others) / 2. */
  private static double[] midRanks(double[] s) {
    double[] r = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      int better = 0, tied = 0;
      for (int j = 0; j < s.length; j++) {
        if (s[j] > s[i]) better++;
        if (j != i && s[j] == s[i]) tied++;
      }
      r[i] = 1 + better + tied / 2.0;
    }
    return r;
  }

  private static double pearson(double[] a, double[] b) {
    double ma = Arrays.stream(a).average().orElseThrow(), mb = Arrays.stream(b).average().orElseThrow();
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void matchTheDefinitionsWithTies(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 12);
    double[] a = scores(rc, n, seed % 2 == 0);
    double[] b = scores(rc, n, seed % 3 == 0);
    assertEquals(tauB(a, b), RankCorrelation.kendall(a, b), 1e-12);
    assertEquals(pearson(midRanks(a), midRanks(b)), RankCorrelation.spearman(a, b), 1e-12);
    int[] order = RankCorrelation.order(a);
    for (int k = 1; k < n; k++) assertTrue(a[order[k - 1]] >= a[order[k]], "best to worst");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sameOrderGivesOneReverseMinusOneMonotoneMapsNothing(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 12);
    double[] a = scores(rc, n, false);
    double[] mono = Arrays.stream(a).map(x -> Math.exp(3 * x) - 7).toArray();
    double[] rev = Arrays.stream(a).map(x -> -x).toArray();
    assertEquals(1.0, RankCorrelation.spearman(a, mono), 1e-12);
    assertEquals(1.0, RankCorrelation.kendall(a, mono), 1e-12);
    assertEquals(-1.0, RankCorrelation.spearman(a, rev), 1e-12);
    assertEquals(-1.0, RankCorrelation.kendall(a, rev), 1e-12);
  }

  @Test
  void failedCandidatesRankLastAndBadInputIsRefused() {
    assertEquals(2, RankCorrelation.order(new double[] {0.5, Double.NEGATIVE_INFINITY, 1.5})[0]);
    assertEquals(1, RankCorrelation.order(new double[] {0.5, Double.NEGATIVE_INFINITY, 1.5})[2]);
    var e = assertThrows(IllegalArgumentException.class, () -> RankCorrelation.order(new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("scores[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RankCorrelation.spearman(new double[] {1}, new double[] {2}));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RankCorrelation.kendall(new double[] {1, 2}, new double[] {2, 3, 4}));
    assertTrue(e.getMessage().contains("2 vs 3"), e.getMessage());
    assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
  }
}
