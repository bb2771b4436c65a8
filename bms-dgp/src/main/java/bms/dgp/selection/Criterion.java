package bms.dgp.selection;

import java.io.IOException;

/**
 * A way to score candidates, higher is better: the optimised bound, the exact or prequential
 * evidence, held-out log-likelihood, K-fold cross-validation, training speed.
 */
public interface Criterion {
  /** Short name used on the command line and in summaries: "bound", "cv", ... */
  String id();

  /** What the score is, for tables. */
  String description();

  /** Whether the score is read off the candidate's main fit (whose cost it then shares). */
  boolean usesMainFit();

  /** Fits it needs per candidate beyond the main fit (for progress counts). */
  default int extraFits(SelectionData<?> data) {
    return 0;
  }

  /**
   * Scores one candidate. {@code mainFit} is null when the main fit failed; {@code fits} runs
   * extra fits (timed, labelled, failures reported and returned as null).
   */
  <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) throws IOException;
}
