package bms.examples.data;

import bms.core.matrix.Matrix;
import java.nio.file.Path;
import java.util.List;

/**
 * A numeric CSV file as read by {@link CsvReader}: its column names and its values (one matrix
 * row per data line). The matrix is owned by this record and must not be changed by callers.
 */
public record CsvTable(Path file, List<String> header, Matrix values) {
  public CsvTable {
    header = List.copyOf(header);
    if (header.size() != values.cols()) {
      throw new IllegalArgumentException(
          "header has " + header.size() + " names but values has " + values.cols() + " columns");
    }
  }

  public int rows() {
    return values.rows();
  }

  public int cols() {
    return values.cols();
  }

  /** The index of the column called {@code name}. */
  public int columnIndex(String name) {
    int j = header.indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException(file + ": no column named '" + name + "', have " + header);
    }
    return j;
  }

  /**
   * The table as a regression data set: all columns but the last are inputs, the last column is
   * the target (the layout of the shipped UCI files).
   */
  public NamedDataset toDataset(String name) {
    int c = cols();
    if (c < 2) {
      throw new IllegalArgumentException(
          file + ": a data set needs at least one input column and a target, got " + c + " column(s)");
    }
    int n = rows();
    double[] v = values.data();
    double[] x = new double[n * (c - 1)];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(v, i * c, x, i * (c - 1), c - 1);
      y[i] = v[i * c + c - 1];
    }
    return new NamedDataset(name, Matrix.wrap(n, c - 1, x), Matrix.wrap(n, 1, y));
  }
}
