package bms.dgp.selection;

import java.util.Map;

/**
 * One candidate's outcome.
 *
 * @param name the candidate's name
 * @param fit the main fit on the training part (null if it failed)
 * @param error why the main fit failed, or null
 * @param fitSeconds time of the main fit
 * @param scores the score under each criterion, by criterion id
 */
public record CandidateResult(String name, Fit fit, String error, double fitSeconds, Map<String, Score> scores) {
  public CandidateResult {
    scores = Map.copyOf(scores);
  }

  /** The score under {@code criterion}; throws naming it if it was not computed. */
  public Score score(String criterion) {
    Score s = scores.get(criterion);
    if (s == null) throw new IllegalArgumentException("criterion " + criterion + " was not computed");
    return s;
  }
}
