package bms.dgp.selection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** The criteria by name, as {@code --criteria} lists them. */
public final class Criteria {
  /** Every name {@link #byId} knows. */
  public static final List<String> KNOWN = List.of("bound", "heldout", "cv", "speed", "exact", "prequential");

  private Criteria() {}

  /** The criterion called {@code id}; {@code seed} fixes the prequential order. */
  public static Criterion byId(String id, long seed) {
    return switch (id.strip().toLowerCase(Locale.ROOT)) {
      case "bound" -> new BoundCriterion();
      case "heldout" -> new HeldOutCriterion();
      case "cv" -> new CrossValidationCriterion();
      case "speed" -> new TrainingSpeedCriterion();
      case "exact" -> new ExactLogMarginalCriterion();
      case "prequential" -> new PrequentialCriterion(seed);
      default -> throw new IllegalArgumentException("unknown criterion '" + id.strip() + "'; known: "
          + String.join(", ", KNOWN));
    };
  }

  /** The named criteria, each once, in the order given. */
  public static List<Criterion> parse(List<String> ids, long seed) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    List<Criterion> out = new ArrayList<>();
    for (String id : ids) {
      Criterion c = byId(id, seed);
      if (!seen.add(c.id())) throw new IllegalArgumentException("criterion " + c.id() + " is named twice");
      out.add(c);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no criteria given");
    return out;
  }
}
