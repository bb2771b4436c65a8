package bms.core.param;

import bms.core.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table of every parameter in a {@link Module} tree (path, shape, constraint, prior, trainable,
 * value), printed with aligned columns like GPflow's {@code print_summary}. Values of up to
 * {@link #FULL_VALUE_LIMIT} entries are shown in full; bigger ones by their first entries and
 * their range, so a 500 x 500 variational factor stays on one short line.
 */
public final class Summary {
  /** Parameters with at most this many entries are printed in full. */
  public static final int FULL_VALUE_LIMIT = 6;
  private static final int PREVIEW = 3;
  static final String[] HEADER = {"path", "shape", "constraint", "prior", "trainable", "value"};

  /** One parameter's line; all fields are already formatted. */
  public record Row(String path, String shape, String constraint, String prior, boolean trainable, String value) {
    String[] cells() {
      return new String[] {path, shape, constraint, prior, Boolean.toString(trainable), value};
    }
  }

  private final List<Row> rows;

  private Summary(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The summary of every parameter under {@code module}, in {@link Module#parameters()} order. */
  public static Summary of(Module module) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : module.parameters().entrySet()) {
      Parameter p = e.getValue();
      Matrix v = p.value();
      rows.add(new Row(e.getKey(), v.shapeString(), p.bijector().describe(),
          p.prior() == null ? "" : p.prior().describe(), p.trainable(), formatValue(v)));
    }
    return new Summary(rows);
  }

  public List<Row> rows() {
    return rows;
  }

  /** The value column: in full when small, else the first entries and the range. */
  public static String formatValue(Matrix v) {
    double[] d = v.data();
    if (v.isScalar()) {
      return Numbers.format(d[0]);
    }
    if (d.length <= FULL_VALUE_LIMIT) {
      if (v.rows() == 1 || v.cols() == 1) {
        return list(d, d.length);
      }
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < v.rows(); i++) {
        sb.append(i == 0 ? "" : ", ").append(list(v.rowArray(i), v.cols()));
      }
      return sb.append("]").toString();
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : d) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    String head = list(d, PREVIEW);
    return head.substring(0, head.length() - 1) + ", ...] range [" + Numbers.format(min) + ", "
        + Numbers.format(max) + "]";
  }

  private static String list(double[] d, int count) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : ", ").append(Numbers.format(d[i]));
    }
    return sb.append("]").toString();
  }

  /** The aligned table: a header, a rule, one line per parameter. */
  @Override
  public String toString() {
    int[] width = new int[HEADER.length];
    for (int c = 0; c < HEADER.length; c++) width[c] = HEADER[c].length();
    for (Row r : rows) {
      String[] cells = r.cells();
      for (int c = 0; c < cells.length; c++) width[c] = Math.max(width[c], cells[c].length());
    }
    StringBuilder sb = new StringBuilder();
    line(sb, HEADER, width);
    String[] rule = new String[HEADER.length];
    for (int c = 0; c < rule.length; c++) rule[c] = "-".repeat(width[c]);
    line(sb, rule, width);
    for (Row r : rows) line(sb, r.cells(), width);
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] width) {
    StringBuilder ln = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) ln.append(" | ");
      ln.append(cells[c]).append(" ".repeat(width[c] - cells[c].length()));
    }
    sb.append(ln.toString().stripTrailing()).append('\n');
  }
}
