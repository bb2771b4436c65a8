package bms.examples.select;

/** What the rankings of {@code bms select} need from one candidate, whatever the data set. */
interface Scored {
  String name();

  /** The optimised bound per training point; failed fits give -infinity (ranked last). */
  double bound();

  /** The held-out log-likelihood (mean log predictive density) on the test part. */
  double heldOut();

  /** The K-fold cross-validation log-likelihood on the training part. */
  double cv();

  /** Seconds of the one fit that gives the bound and the held-out score. */
  double fitSeconds();

  /** Seconds of the K cross-validation fits. */
  double cvSeconds();

  /** NaN (a failed fit) ranks last. */
  static double finiteOrWorst(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }
}
