package bms.dgp.selection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares candidates by several criteria at once. Every candidate is trained once on the
 * training part (its main fit, labelled "[i/total] name"), which the bound, held-out,
 * exact, prequential and training-speed criteria read; criteria that need more fits (K-fold
 * cross-validation) run them through the same fitter. A fit that throws is reported to the
 * listener and scores NaN, ranked last.
 *
 * <pre>
 *   SelectionResult r = new ModelSelection&lt;&gt;(candidates, Criteria.parse(List.of("bound", "heldout", "cv"), 1))
 *       .run(new SelectionData&lt;&gt;(train, test, n, folds));
 *   r.ranking("bound"); r.agreement("bound", "heldout").spearman(); r.cost("cv").seconds();
 * </pre>
 */
public final class ModelSelection<D> {
  /** Progress of a selection. */
  public interface Listener {
    /** A fit threw; {@code what} is "name" or "name fold k/K". */
    default void fitFailed(String what, String message) {}

    /** All criteria of one candidate are done. */
    default void candidateDone(CandidateResult result) {}
  }

  private final List<Candidate<D>> candidates;
  private final List<Criterion> criteria;
  private Listener listener = new Listener() {};

  public ModelSelection(List<Candidate<D>> candidates, List<Criterion> criteria) {
    if (candidates.size() < 2) {
      throw new IllegalArgumentException("model selection needs at least 2 candidates, got " + candidates.size());
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (Candidate<D> c : candidates) {
      if (!names.add(c.name())) throw new IllegalArgumentException("candidate " + c.name() + " is named twice");
    }
    if (criteria.isEmpty()) throw new IllegalArgumentException("model selection needs at least one criterion");
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (Criterion c : criteria) {
      if (!ids.add(c.id())) throw new IllegalArgumentException("criterion " + c.id() + " is named twice");
    }
    this.candidates = List.copyOf(candidates);
    this.criteria = List.copyOf(criteria);
  }

  public ModelSelection<D> listener(Listener l) {
    this.listener = Objects.requireNonNull(l, "listener");
    return this;
  }

  /** Total fits the run will do (main fits plus every criterion's extra fits). */
  public int totalFits(SelectionData<D> data) {
    int perCandidate = 1;
    for (Criterion c : criteria) perCandidate += c.extraFits(data);
    return perCandidate * candidates.size();
  }

  public SelectionResult run(SelectionData<D> data) throws IOException {
    int total = totalFits(data);
    int[] fitNo = {0};
    List<CandidateResult> results = new ArrayList<>();
    for (Candidate<D> cand : candidates) {
      Fit main = null;
      String error = null;
      long t0 = System.nanoTime();
      try {
        main = cand.fitter().fit(new FitRequest<>(data.train(), data.test(),
            String.format(Locale.ROOT, "[%d/%d] %s", ++fitNo[0], total, cand.name()), 0));
      } catch (RuntimeException e) {
        error = describe(e);
        listener.fitFailed(cand.name(), error);
      }
      double fitSeconds = (System.nanoTime() - t0) * 1e-9;
      FitRunner<D> runner = (c, train, test, fold, folds) -> {
        String what = String.format(Locale.ROOT, "%s fold %d/%d", c.name(), fold, folds);
        try {
          return c.fitter().fit(new FitRequest<>(train, test,
              String.format(Locale.ROOT, "[%d/%d] %s", ++fitNo[0], total, what), fold));
        } catch (RuntimeException e) {
          listener.fitFailed(what, describe(e));
          return null;
        }
      };
      Map<String, Score> scores = new HashMap<>();
      for (Criterion crit : criteria) {
        scores.put(crit.id(), crit.score(cand, main, data, runner));
      }
      CandidateResult r = new CandidateResult(cand.name(), main, error, fitSeconds, scores);
      results.add(r);
      listener.candidateDone(r);
    }
    return new SelectionResult(criteria, results);
  }

  static String describe(Throwable t) {
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }
}
