package bms.examples.select;

import bms.dgp.selection.CandidateResult;
import bms.dgp.selection.Cost;
import bms.dgp.selection.CrossValidationCriterion;
import bms.dgp.selection.Criterion;
import bms.dgp.selection.HeldOutCriterion;
import bms.dgp.selection.RankCorrelation;
import bms.dgp.selection.Score;
import bms.dgp.selection.SelectionResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bms select} prints and writes about a {@link SelectionResult}: the rankings, their
 * agreement with held-out log-likelihood, the picks and the costs under the summary.json keys the
 * command has always written (byBound, boundVsHeldOut, boundPicks, boundSeconds, ...), extended to
 * whichever criteria were chosen, plus the library's own per-criterion map under "criteria".
 */
final class SelectionSummary {
  /** The criteria {@code bms select} computes unless --criteria says otherwise. */
  static final String DEFAULT_CRITERIA = "bound,heldout,cv";

  private SelectionSummary() {}

  /** The JSON key stem of a criterion: bound, heldOut, crossValidation, trainingSpeed, exact, prequential. */
  static String key(String id) {
    return switch (id) {
      case HeldOutCriterion.ID -> "heldOut";
      case CrossValidationCriterion.ID -> "crossValidation";
      case "speed" -> "trainingSpeed";
      default -> id;
    };
  }

  /** The words for printing. */
  static String words(String id) {
    return switch (id) {
      case "bound" -> "bound";
      case HeldOutCriterion.ID -> "held-out LL";
      case CrossValidationCriterion.ID -> "cross-validation";
      case "speed" -> "training speed";
      case "exact" -> "exact log ML";
      case "prequential" -> "prequential";
      default -> id;
    };
  }

  private static String abbreviation(String id) {
    return id.equals(CrossValidationCriterion.ID) ? "CV" : words(id);
  }

  private static String capital(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The per-candidate scores beyond bound and held-out, as printed after each candidate. */
  static String extraScores(CandidateResult c, List<Criterion> criteria, int folds) {
    StringBuilder b = new StringBuilder();
    for (Criterion k : criteria) {
      String id = k.id();
      if (id.equals("bound") || id.equals(HeldOutCriterion.ID)) continue;
      Score s = c.score(id);
      if (id.equals(CrossValidationCriterion.ID)) {
        b.append(String.format(Locale.ROOT, "  %d-fold CV LL %8.4f", folds, s.rankable()));
      } else {
        b.append(String.format(Locale.ROOT, "  %s %8.4f", words(id), s.value()));
      }
    }
    return b.toString();
  }

  /** Rankings, agreement, choice and cost; printed and returned for summary.json. */
  static Map<String, Object> summarise(SelectionResult r, PrintStream out) {
    List<String> ids = r.criteria().stream().map(Criterion::id).toList();
    String ref = HeldOutCriterion.ID;
    Map<String, Object> rankings = new LinkedHashMap<>();
    for (String id : ids) rankings.put("by" + capital(key(id)), r.ranking(id));
    Map<String, Object> agreement = new LinkedHashMap<>();
    for (String id : ids) {
      if (!id.equals(ref)) agreement.put(key(id) + "VsHeldOut", pair(r.agreement(id, ref)));
    }
    if (r.has("bound") && r.has(CrossValidationCriterion.ID)) {
      agreement.put("boundVsCrossValidation", pair(r.agreement("bound", CrossValidationCriterion.ID)));
    }
    Map<String, Object> choice = new LinkedHashMap<>();
    String best = r.pick(ref);
    choice.put("bestHeldOut", best);
    for (String id : ids) {
      if (!id.equals(ref)) choice.put(key(id) + "Picks", r.pick(id));
    }
    for (String id : ids) {
      if (!id.equals(ref)) choice.put(key(id) + "PicksBest", java.util.Objects.equals(r.pick(id), best));
    }
    Map<String, Object> cost = new LinkedHashMap<>();
    for (String id : ids) {
      if (!id.equals(ref)) cost.put(key(id) + "Seconds", r.cost(id).seconds());
    }
    if (r.has("bound") && r.has(CrossValidationCriterion.ID)) {
      cost.put("crossValidationOverBound", r.cost(CrossValidationCriterion.ID).seconds() / r.cost("bound").seconds());
    }
    cost.put("note", "the bound, held-out, training-speed, exact and prequential scores share one fit per candidate"
        + " (their seconds include it); K-fold needs K fits per candidate");

    for (String id : ids) {
      out.printf(Locale.ROOT, "%-29s%s%n", "ranking by " + words(id) + ":", String.join(" > ", r.ranking(id)));
    }
    StringBuilder ag = new StringBuilder("agreement with held-out LL:");
    String sep = " ";
    for (String id : ids) {
      if (id.equals(ref)) continue;
      RankCorrelation a = r.agreement(id, ref);
      ag.append(String.format(Locale.ROOT, "%s%s Spearman %.3f Kendall %.3f", sep, abbreviation(id), a.spearman(),
          a.kendall()));
      sep = "; ";
    }
    out.println(ag);
    StringBuilder picks = new StringBuilder("best on held-out data: " + best);
    sep = "; ";
    for (String id : ids) {
      if (id.equals(ref)) continue;
      picks.append(sep).append(id.equals("bound") ? "the bound" : abbreviation(id)).append(" picks ")
          .append(r.pick(id) == null ? "none (applies to no candidate)" : r.pick(id));
      sep = ", ";
    }
    out.println(picks);
    StringBuilder costs = new StringBuilder("cost:");
    sep = " ";
    for (String id : ids) {
      if (id.equals(ref)) continue;
      Cost c = r.cost(id);
      costs.append(String.format(Locale.ROOT, "%s%s ranking %.1f s (%d fits)", sep, abbreviation(id), c.seconds(),
          c.fits()));
      sep = ", ";
    }
    if (r.has("bound") && r.has(CrossValidationCriterion.ID)) {
      costs.append(String.format(Locale.ROOT, "; CV / bound %.1fx",
          r.cost(CrossValidationCriterion.ID).seconds() / r.cost("bound").seconds()));
    }
    out.println(costs);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rankings", rankings);
    m.put("agreement", agreement);
    m.put("choice", choice);
    m.put("cost", cost);
    m.put("criteria", r.asMap(ref));
    return m;
  }

  private static Map<String, Object> pair(RankCorrelation a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spearman", a.spearman());
    m.put("kendall", a.kendall());
    return m;
  }

  /** The criterion scores of one candidate, for its summary.json entry. */
  static Map<String, Object> scores(CandidateResult c, List<Criterion> criteria) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Criterion k : criteria) m.put(k.id(), c.score(k.id()).value());
    return m;
  }

  /** cvLogLik and foldLogLiks, when cross-validation was computed. */
  static void putCrossValidation(Map<String, Object> m, CandidateResult c, SelectionResult result) {
    if (result.has(CrossValidationCriterion.ID)) {
      Score cv = c.score(CrossValidationCriterion.ID);
      m.put("cvLogLik", cv.value());
      m.put("foldLogLiks", cv.parts());
    }
  }

}
