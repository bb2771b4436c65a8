package bms.dgp.selection;

/**
 * One fit to do.
 *
 * @param train what to train on
 * @param test what to score on
 * @param label names the fit for progress output: "[3/12] svgp-rbf fold 2/5"
 * @param fold 0 for the main fit on the whole training part, k for cross-validation fold k (1-based)
 */
public record FitRequest<D>(D train, D test, String label, int fold) {
  /** "full" for the main fit, "fold-k" otherwise: a name for the fit's files. */
  public String part() {
    return fold == 0 ? "full" : "fold-" + fold;
  }
}
