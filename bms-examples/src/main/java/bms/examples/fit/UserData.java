package bms.examples.fit;

import bms.core.matrix.Matrix;
import bms.examples.data.DataFileException;
import bms.examples.data.UserTable;
import bms.examples.uci.LikelihoodChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The columns of a user's CSV that {@code bms fit} trains on, in original units: the inputs x
 * (one column per feature, in the order given), the target y (numbers for Gaussian regression,
 * class numbers 0..C-1 for classification) and the class labels in the order of their numbers.
 *
 * <p>Labels are ordered as numbers when every label is a number (so "2" comes before "10"),
 * otherwise as text. Without {@code --likelihood}, a numeric target is regressed (Gaussian) and a
 * target with non-numeric labels is classified: Bernoulli for two labels, multi-class otherwise.
 *
 * @param rows the records used, as indices into the table (records with missing cells dropped
 *     when asked)
 */
public record UserData(List<String> features, String target, LikelihoodChoice likelihood, List<String> labels,
    Matrix x, Matrix y, int[] rows, int dropped) {

  public UserData {
    features = List.copyOf(features);
    labels = List.copyOf(labels);
  }

  /** The number of classes (1 for regression). */
  public int classes() {
    return likelihood.classification() ? labels.size() : 1;
  }

  public int size() {
    return x.rows();
  }

  /**
   * Picks and converts the columns of {@code table}.
   *
   * @param features the input columns by name; empty for every column but the target
   * @param likelihoodId gaussian, bernoulli or multiclass; null to choose from the target's cells
   */
  public static UserData of(UserTable table, String target, List<String> features, String likelihoodId,
      boolean dropMissing) {
    int t = table.column(target, "--target");
    List<String> names = new ArrayList<>();
    if (features.isEmpty()) {
      for (String h : table.header()) {
        if (!h.equals(target)) names.add(h);
      }
      if (names.isEmpty()) {
        throw new DataFileException(table.file(), "line 1", "the only column is the target '" + target
            + "': there is nothing to learn from");
      }
    } else {
      LinkedHashSet<String> seen = new LinkedHashSet<>();
      for (String f : features) {
        if (!seen.add(f)) {
          throw new IllegalArgumentException("--features names '" + f + "' twice");
        }
        if (f.equals(target)) {
          throw new IllegalArgumentException("--features names the target '" + target + "' as an input");
        }
      }
      names.addAll(features);
    }
    int[] cols = new int[names.size()];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = table.column(names.get(j), "--features");
    }
    int[] used = Arrays.copyOf(cols, cols.length + 1);
    used[cols.length] = t;
    int[] rows = table.complete(used, dropMissing);
    Matrix x = table.numbers(cols, rows);
    LikelihoodChoice lik = likelihoodId == null
        ? chooseLikelihood(table, t, rows)
        : LikelihoodChoice.byId(likelihoodId);
    if (!lik.classification()) {
      return new UserData(names, target, lik, List.of(), x, table.numbers(new int[] {t}, rows), rows,
          table.size() - rows.length);
    }
    String[] cells = table.cells(t, rows);
    List<String> labels = orderedLabels(cells);
    String where = "column " + (t + 1) + " '" + target + "'";
    if (labels.size() < 2) {
      throw new DataFileException(table.file(), where, "classification needs at least two labels; the target has only "
          + labels);
    }
    if (lik == LikelihoodChoice.BERNOULLI && labels.size() != 2) {
      throw new DataFileException(table.file(), where, "the bernoulli likelihood needs exactly two labels; the target has "
          + labels.size() + " (" + shortList(labels) + "); use --likelihood multiclass");
    }
    Map<String, Integer> index = new TreeMap<>();
    for (int k = 0; k < labels.size(); k++) index.put(labels.get(k), k);
    double[] y = new double[cells.length];
    for (int i = 0; i < cells.length; i++) y[i] = index.get(cells[i]);
    return new UserData(names, target, lik, labels, x, Matrix.wrap(cells.length, 1, y), rows,
        table.size() - rows.length);
  }

  /** Gaussian for a numeric target, else Bernoulli for two labels and multi-class for more. */
  static LikelihoodChoice chooseLikelihood(UserTable table, int target, int[] rows) {
    if (table.allNumbers(target, rows)) {
      return LikelihoodChoice.GAUSSIAN;
    }
    return orderedLabels(table.cells(target, rows)).size() == 2 ? LikelihoodChoice.BERNOULLI
        : LikelihoodChoice.MULTICLASS;
  }

  /** The distinct labels, as numbers in increasing order when all are numbers, else in text order. */
  static List<String> orderedLabels(String[] cells) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(cells)));
    boolean numeric = distinct.stream().allMatch(UserData::isNumber);
    distinct.sort(numeric ? Comparator.comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
        : Comparator.naturalOrder());
    return distinct;
  }

  private static boolean isNumber(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String shortList(List<String> labels) {
    return labels.size() <= 6 ? String.join(", ", labels) : String.join(", ", labels.subList(0, 6)) + ", ...";
  }
}
