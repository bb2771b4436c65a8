package bms.dgp.selection;

/**
 * One candidate's score under one criterion.
 *
 * @param value higher is better; NaN when the criterion could not score the candidate (ranked last)
 * @param fits the model fits this score needed beyond the candidate's main fit
 * @param seconds time spent on it beyond the main fit
 * @param parts the pieces it was built from (the K fold scores of cross-validation), or empty
 * @param note why the value is NaN, or null
 */
public record Score(double value, int fits, double seconds, double[] parts, String note) {
  public Score {
    parts = parts.clone();
  }

  @Override
  public double[] parts() {
    return parts.clone();
  }

  public static Score of(double value, double seconds) {
    return new Score(value, 0, seconds, new double[0], null);
  }

  public static Score missing(String why) {
    return new Score(Double.NaN, 0, 0, new double[0], why);
  }

  /** The value with NaN as -infinity, so that failures rank last. */
  public double rankable() {
    return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
  }
}
