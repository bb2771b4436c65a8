package bms.dgp.data;

import bms.core.matrix.Matrix;

/**
 * Checks on data handed to models and likelihoods. Each failure is an IllegalArgumentException
 * that names the argument, and the shape or the first bad value and where it is.
 */
public final class DataChecks {
  private DataChecks() {}

  /** Non-null, at least one row and one column, every entry finite. */
  public static void requireData(Matrix m, String name) {
    if (m == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if (m.rows() == 0) {
      throw new IllegalArgumentException(name + " is empty (0 rows, shape " + m.shapeString() + ")");
    }
    if (m.cols() == 0) {
      throw new IllegalArgumentException(name + " has no columns (shape " + m.shapeString() + ")");
    }
    requireFinite(m, name);
  }

  /** Every entry finite. */
  public static void requireFinite(Matrix m, String name) {
    int bad = m.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(name + " has a non-finite value " + m.data()[bad] + " at row " + bad / m.cols()
          + ", column " + bad % m.cols() + " (shape " + m.shapeString() + ")");
    }
  }

  /** X and Y describe the same points. */
  public static void requireSameRows(Matrix x, String xName, Matrix y, String yName) {
    if (x.rows() != y.rows()) {
      throw new IllegalArgumentException(xName + " has " + x.rows() + " rows but " + yName + " has " + y.rows()
          + " (shapes " + x.shapeString() + " and " + y.shapeString() + ")");
    }
  }

  public static void requireCols(Matrix m, String name, int cols, String why) {
    if (m.cols() != cols) {
      throw new IllegalArgumentException(name + " must have " + cols + " columns (" + why + "), got shape "
          + m.shapeString());
    }
  }

  /** Integer class labels in [0, numClasses), one column. */
  public static void requireLabels(Matrix y, String name, int numClasses) {
    requireCols(y, name, 1, "one integer class label per row");
    double[] d = y.data();
    for (int i = 0; i < d.length; i++) {
      double v = d[i];
      if (!(v >= 0 && v < numClasses) || v != Math.rint(v)) {
        throw new IllegalArgumentException(name + " row " + i + " has label " + v + "; labels must be integers in [0, "
            + (numClasses - 1) + "] for " + numClasses + " classes");
      }
    }
  }

  /** Each entry is 0 or 1. */
  public static void requireBinary(Matrix y, String name) {
    double[] d = y.data();
    for (int i = 0; i < d.length; i++) {
      if (d[i] != 0.0 && d[i] != 1.0) {
        throw new IllegalArgumentException(name + " has value " + d[i] + " at row " + i / y.cols() + ", column "
            + i % y.cols() + "; binary targets must be 0 or 1");
      }
    }
  }

  /** Each entry is a non-negative integer (counts). */
  public static void requireCounts(Matrix y, String name) {
    double[] d = y.data();
    for (int i = 0; i < d.length; i++) {
      if (!(d[i] >= 0) || d[i] != Math.rint(d[i])) {
        throw new IllegalArgumentException(name + " has value " + d[i] + " at row " + i / y.cols() + ", column "
            + i % y.cols() + "; counts must be non-negative integers");
      }
    }
  }
}
