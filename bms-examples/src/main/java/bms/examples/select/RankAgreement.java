package bms.examples.select;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Ranks of candidate scores and how far two rankings agree: Spearman's rho (the Pearson
 * correlation of the ranks) and Kendall's tau-b (concordant minus discordant pairs, corrected
 * for ties). Both are +1 for the same order, -1 for the reverse, and NaN when one side has a
 * single distinct value (no order to compare).
 */
public final class RankAgreement {
  private RankAgreement() {}

  /**
   * Ranks with 1 for the highest score (higher is better: bounds, log-likelihoods); tied scores
   * share the mean of the ranks they span. NaN scores are refused: a failed fit must be dealt
   * with before ranking.
   */
  public static double[] ranks(double[] scores) {
    requireNotNaN("scores", scores);
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double[] r = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1; // ranks i+1 .. j+1
      for (int k = i; k <= j; k++) {
        r[order[k]] = mean;
      }
      i = j + 1;
    }
    return r;
  }

  /** The indices of the candidates from best to worst (ties keep their input order). */
  public static int[] order(double[] scores) {
    requireNotNaN("scores", scores);
    return IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
        .mapToInt(Integer::intValue).toArray();
  }

  /** Spearman's rho between the rankings the two score vectors give. */
  public static double spearman(double[] a, double[] b) {
    requirePaired(a, b);
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double ma = mean(ra);
    double mb = mean(rb);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < ra.length; i++) {
      double da = ra[i] - ma;
      double db = rb[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
  }

  /**
   * Kendall's tau-b: (C - D) / sqrt((P - Ta)(P - Tb)) over the P = n(n-1)/2 pairs, with C and D
   * the concordant and discordant pairs and Ta, Tb the pairs tied in a and in b.
   */
  public static double kendall(double[] a, double[] b) {
    requirePaired(a, b);
    requireNotNaN("a", a);
    requireNotNaN("b", b);
    long concordant = 0;
    long discordant = 0;
    long tiedA = 0;
    long tiedB = 0;
    int n = a.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int sa = Double.compare(a[i], a[j]);
        int sb = Double.compare(b[i], b[j]);
        if (sa == 0) {
          tiedA++;
        }
        if (sb == 0) {
          tiedB++;
        }
        if (sa != 0 && sb != 0) {
          if (sa == sb) {
            concordant++;
          } else {
            discordant++;
          }
        }
      }
    }
    long pairs = (long) n * (n - 1) / 2;
    double denom = Math.sqrt((double) (pairs - tiedA) * (pairs - tiedB));
    return denom == 0 ? Double.NaN : (concordant - discordant) / denom;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static void requirePaired(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("rankings need the same candidates: " + a.length + " vs " + b.length
          + " scores");
    }
    if (a.length < 2) {
      throw new IllegalArgumentException("rank agreement needs at least 2 candidates, got " + a.length);
    }
  }

  private static void requireNotNaN(String name, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is NaN; cannot rank a failed candidate");
      }
    }
  }
}
