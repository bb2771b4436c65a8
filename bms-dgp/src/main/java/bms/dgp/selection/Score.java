package bms.dgp.selection;

/**
 * One candidate's score under one criterion.
 *
 * @param value higher is better; NaN when the criterion could not score the candidate (ranked last)
 * @param fits the model fits this score needed beyond the candidate's main fit
 * @param seconds time spent on it beyond the main fit
 * @param parts the pieces it was built from (the K fold scores of cross-validation), or empty
 * @param note why the value is NaN, or null
 * @param applies false when the criterion does not apply to this kind of model (the exact marginal
 *     likelihood of an SVGP): such candidates are left out of its ranking and agreement, whereas a
 *     failed fit is ranked last
 */
public record Score(double value, int fits, double seconds, double[] parts, String note, boolean applies) {
  public Score {
    parts = parts.clone();
  }

  @Override
  public double[] parts() {
    return parts.clone();
  }

  public static Score of(double value, double seconds) {
    return new Score(value, 0, seconds, new double[0], null, true);
  }

  /** A score that should exist but does not: the fit failed (ranked last). */
  public static Score missing(String why) {
    return new Score(Double.NaN, 0, 0, new double[0], why, true);
  }

  /** The criterion does not apply to this candidate (left out of its ranking). */
  public static Score notApplicable(String why) {
    return new Score(Double.NaN, 0, 0, new double[0], why, false);
  }

  /** The value with NaN as -infinity, so that failures rank last. */
  public double rankable() {
    return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
  }
}
