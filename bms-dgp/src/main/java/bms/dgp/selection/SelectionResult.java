package bms.dgp.selection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link ModelSelection}: every candidate's scores, each criterion's ranking
 * and pick, the rank agreement between criteria, and what each criterion cost.
 */
public final class SelectionResult {
  private final List<Criterion> criteria;
  private final List<CandidateResult> candidates;

  public SelectionResult(List<Criterion> criteria, List<CandidateResult> candidates) {
    this.criteria = List.copyOf(criteria);
    this.candidates = List.copyOf(candidates);
  }

  public List<Criterion> criteria() {
    return criteria;
  }

  public List<CandidateResult> candidates() {
    return candidates;
  }

  public boolean has(String criterion) {
    return criteria.stream().anyMatch(c -> c.id().equals(criterion));
  }

  private Criterion criterion(String id) {
    return criteria.stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("criterion " + id + " was not computed; computed: "
            + String.join(", ", criteria.stream().map(Criterion::id).toList())));
  }

  /** The scores under {@code criterion}, in candidate order, NaN (failed or not applicable) as -infinity. */
  public double[] scores(String criterion) {
    criterion(criterion);
    return candidates.stream().mapToDouble(c -> c.score(criterion).rankable()).toArray();
  }

  /** Whether {@code criterion} applies to candidate i (see {@link Score#applies}). */
  private boolean applies(String criterion, int i) {
    return candidates.get(i).score(criterion).applies();
  }

  /**
   * Names of the candidates {@code criterion} applies to, from best to worst (failed fits last,
   * ties in candidate order).
   */
  public List<String> ranking(String criterion) {
    double[] s = scores(criterion);
    List<String> out = new ArrayList<>();
    for (int i : RankCorrelation.order(s)) {
      if (applies(criterion, i)) out.add(candidates.get(i).name());
    }
    return out;
  }

  /** The candidate {@code criterion} picks, or null when it applies to none. */
  public String pick(String criterion) {
    List<String> r = ranking(criterion);
    return r.isEmpty() ? null : r.get(0);
  }

  /**
   * Spearman and Kendall between the rankings of two criteria, over the candidates both apply to;
   * NaN when fewer than two are left.
   */
  public RankCorrelation agreement(String a, String b) {
    double[] sa = scores(a);
    double[] sb = scores(b);
    List<Integer> both = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (applies(a, i) && applies(b, i)) both.add(i);
    }
    if (both.size() < 2) return new RankCorrelation(Double.NaN, Double.NaN);
    return RankCorrelation.of(both.stream().mapToDouble(i -> sa[i]).toArray(),
        both.stream().mapToDouble(i -> sb[i]).toArray());
  }

  /**
   * Fits and seconds of {@code criterion} over all candidates. A criterion read off the main fit
   * is charged every main fit (one per candidate) plus its own computation; one that fits again
   * (cross-validation) is charged those fits only.
   */
  public Cost cost(String criterion) {
    Criterion c = criterion(criterion);
    int fits = 0;
    double seconds = 0;
    for (CandidateResult r : candidates) {
      Score s = r.score(criterion);
      fits += s.fits() + (c.usesMainFit() ? 1 : 0);
      seconds += s.seconds() + (c.usesMainFit() ? r.fitSeconds() : 0);
    }
    return new Cost(fits, seconds);
  }

  /**
   * For summary.json: per criterion its description, scores by candidate, ranking, pick, cost,
   * notes on candidates it could not score, and its agreement with {@code reference} (when that
   * was computed and is another criterion).
   */
  public Map<String, Object> asMap(String reference) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Criterion c : criteria) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("description", c.description());
      Map<String, Object> scores = new LinkedHashMap<>();
      Map<String, Object> notes = new LinkedHashMap<>();
      for (CandidateResult r : candidates) {
        Score s = r.score(c.id());
        scores.put(r.name(), s.value());
        if (s.note() != null) notes.put(r.name(), s.note());
      }
      m.put("scores", scores);
      if (!notes.isEmpty()) m.put("notes", notes);
      m.put("ranking", ranking(c.id()));
      m.put("picks", pick(c.id()));
      Cost cost = cost(c.id());
      m.put("fits", cost.fits());
      m.put("seconds", cost.seconds());
      if (reference != null && has(reference) && !reference.equals(c.id())) {
        RankCorrelation a = agreement(c.id(), reference);
        Map<String, Object> ag = new LinkedHashMap<>();
        ag.put("spearman", a.spearman());
        ag.put("kendall", a.kendall());
        m.put("agreementWith" + capitalise(reference), ag);
      }
      out.put(c.id(), m);
    }
    return out;
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
