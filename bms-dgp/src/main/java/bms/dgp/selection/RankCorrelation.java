package bms.dgp.selection;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How far two criteria rank candidates alike: Spearman's rho (Pearson correlation of the ranks,
 * ties sharing their mean rank) and Kendall's tau-b (corrected for ties), both from Commons Math.
 * +1 is the same order, -1 the reverse; NaN when one side has a single distinct value. Higher
 * scores are better; a failed candidate's score is -infinity (ranked last); NaN is refused.
 *
 * @param spearman rho
 * @param kendall tau-b
 */
public record RankCorrelation(double spearman, double kendall) {

  /** Both coefficients between the rankings the two score vectors give. */
  public static RankCorrelation of(double[] a, double[] b) {
    return new RankCorrelation(spearman(a, b), kendall(a, b));
  }

  public static double spearman(double[] a, double[] b) {
    requirePaired(a, b);
    return new SpearmansCorrelation().correlation(a, b);
  }

  public static double kendall(double[] a, double[] b) {
    requirePaired(a, b);
    return new KendallsCorrelation().correlation(a, b);
  }

  /** The indices of the candidates from best (highest score) to worst; ties keep their input order. */
  public static int[] order(double[] scores) {
    requireNotNaN("scores", scores);
    return IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
        .mapToInt(Integer::intValue).toArray();
  }

  private static void requirePaired(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("rankings need the same candidates: " + a.length + " vs " + b.length
          + " scores");
    }
    if (a.length < 2) {
      throw new IllegalArgumentException("rank agreement needs at least 2 candidates, got " + a.length);
    }
    requireNotNaN("a", a);
    requireNotNaN("b", b);
  }

  private static void requireNotNaN(String name, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is NaN; cannot rank a failed candidate");
      }
    }
  }
}
