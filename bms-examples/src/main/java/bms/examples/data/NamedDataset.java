package bms.examples.data;

import bms.core.matrix.Matrix;

/**
 * A named supervised data set, as the loaders, splits and standardiser of bms-examples pass it
 * around (the name goes into messages and reports); the models train on bms-dgp's unnamed
 * {@link bms.dgp.data.Dataset}, which {@link bms.examples.uci.StandardisedSplit} builds from it.
 * Inputs {@code x} (n x d) and targets {@code y} (n x p, one row per
 * point). For classification y is n x 1 holding the class numbers 0..C-1. The matrices are
 * owned by this record and must not be changed by callers.
 */
public record NamedDataset(String name, Matrix x, Matrix y) {
  public NamedDataset {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (x.rows() < 1) {
      throw new IllegalArgumentException(name + ": x must have at least one row, got " + x.shapeString());
    }
    if (x.cols() < 1 || y.cols() < 1) {
      throw new IllegalArgumentException(
          name + ": x and y need at least one column, got " + x.shapeString() + " and " + y.shapeString());
    }
    if (x.rows() != y.rows()) {
      throw new IllegalArgumentException(
          name + ": x has " + x.rows() + " rows but y has " + y.rows() + " (x " + x.shapeString()
              + ", y " + y.shapeString() + ")");
    }
    requireFinite(name, "x", x);
    requireFinite(name, "y", y);
  }

  private static void requireFinite(String name, String which, Matrix m) {
    int bad = m.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(name + ": " + which + "[" + bad / m.cols() + ", "
          + bad % m.cols() + "] = " + m.data()[bad] + " is not finite");
    }
  }

  /** Number of points n. */
  public int size() {
    return x.rows();
  }

  /** Input dimension d. */
  public int features() {
    return x.cols();
  }

  /** Output dimension p. */
  public int outputs() {
    return y.cols();
  }

  /** The rows with the given indices (repeats allowed), in that order. */
  public NamedDataset subset(int[] indices) {
    return subset(name, indices);
  }

  /** The rows with the given indices, under a new name. */
  public NamedDataset subset(String newName, int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException(name + ": indices must not be empty");
    }
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= size()) {
        throw new IllegalArgumentException(
            name + ": indices[" + k + "] = " + indices[k] + " is outside 0.." + (size() - 1));
      }
    }
    return new NamedDataset(newName, gatherRows(x, indices), gatherRows(y, indices));
  }

  /**
   * The targets as class labels, checking that y is a single column of whole numbers in
   * 0..classes-1.
   */
  public int[] labels(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be positive, got " + classes);
    }
    if (outputs() != 1) {
      throw new IllegalArgumentException(name + ": labels need y with one column, got " + y.shapeString());
    }
    int[] out = new int[size()];
    double[] d = y.data();
    for (int i = 0; i < out.length; i++) {
      if (d[i] != Math.rint(d[i]) || d[i] < 0 || d[i] >= classes) {
        throw new IllegalArgumentException(
            name + ": y[" + i + "] = " + d[i] + " is not a class label in 0.." + (classes - 1));
      }
      out[i] = (int) d[i];
    }
    return out;
  }

  static Matrix gatherRows(Matrix m, int[] indices) {
    int c = m.cols();
    double[] src = m.data();
    double[] out = new double[indices.length * c];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(src, indices[k] * c, out, k * c, c);
    }
    return Matrix.wrap(indices.length, c, out);
  }
}
