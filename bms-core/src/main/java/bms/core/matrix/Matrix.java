package bms.core.matrix;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * A dense float64 matrix stored row-major in one {@code double[]}: element (i, j) is
 * {@code data[i * cols + j]}.
 *
 * <p>Matrices are mutable containers, as in EJML, so that backends can work in place. By
 * convention the values held by autodiff nodes are never mutated after the node is made; any
 * operation here that returns a matrix returns a fresh one unless its name says "InPlace".
 */
public final class Matrix {
  private final int rows;
  private final int cols;
  private final double[] data;

  /** A zero matrix of the given shape. */
  public Matrix(int rows, int cols) {
    this(rows, cols, new double[checkedSize(rows, cols)]);
  }

  private Matrix(int rows, int cols, double[] data) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  private static int checkedSize(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
    }
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("matrix " + rows + "x" + cols + " is too large for one array");
    }
    return (int) n;
  }

  /** Wraps {@code data} (row-major, not copied) as a {@code rows x cols} matrix. */
  public static Matrix wrap(int rows, int cols, double[] data) {
    if (data.length != checkedSize(rows, cols)) {
      throw new IllegalArgumentException(
          "data of length " + data.length + " cannot be a " + rows + "x" + cols + " matrix");
    }
    return new Matrix(rows, cols, data);
  }

  public static Matrix zeros(int rows, int cols) {
    return new Matrix(rows, cols);
  }

  public static Matrix filled(int rows, int cols, double value) {
    Matrix m = new Matrix(rows, cols);
    Arrays.fill(m.data, value);
    return m;
  }

  public static Matrix ones(int rows, int cols) {
    return filled(rows, cols, 1.0);
  }

  public static Matrix identity(int n) {
    Matrix m = new Matrix(n, n);
    for (int i = 0; i < n; i++) {
      m.data[i * n + i] = 1.0;
    }
    return m;
  }

  public static Matrix scalar(double value) {
    return wrap(1, 1, new double[] {value});
  }

  /** A column vector (n x 1). */
  public static Matrix column(double... values) {
    return wrap(values.length, 1, values.clone());
  }

  /** A row vector (1 x n). */
  public static Matrix row(double... values) {
    return wrap(1, values.length, values.clone());
  }

  /** Copies a rectangular {@code double[][]}; rejects ragged input. */
  public static Matrix of(double[][] values) {
    int r = values.length;
    int c = r == 0 ? 0 : values[0].length;
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < r; i++) {
      if (values[i].length != c) {
        throw new IllegalArgumentException(
            "ragged rows: row 0 has " + c + " entries, row " + i + " has " + values[i].length);
      }
      System.arraycopy(values[i], 0, m.data, i * c, c);
    }
    return m;
  }

  /** Standard normal entries from {@code rng}. */
  public static Matrix randn(int rows, int cols, Random rng) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = rng.nextGaussian();
    }
    return m;
  }

  /** Uniform entries in [lo, hi) from {@code rng}. */
  public static Matrix uniform(int rows, int cols, double lo, double hi, Random rng) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return m;
  }

  public static Matrix fromEjml(DMatrixRMaj m) {
    return wrap(m.numRows, m.numCols, Arrays.copyOf(m.data, m.numRows * m.numCols));
  }

  /** A copy as an EJML matrix. */
  public DMatrixRMaj toEjml() {
    return new DMatrixRMaj(rows, cols, true, data);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int size() {
    return data.length;
  }

  public boolean isScalar() {
    return rows == 1 && cols == 1;
  }

  public boolean isSquare() {
    return rows == cols;
  }

  public boolean sameShape(Matrix other) {
    return rows == other.rows && cols == other.cols;
  }

  /** The live row-major storage: writes go straight into this matrix. */
  public double[] data() {
    return data;
  }

  public double get(int i, int j) {
    checkIndex(i, j);
    return data[i * cols + j];
  }

  public void set(int i, int j, double value) {
    checkIndex(i, j);
    data[i * cols + j] = value;
  }

  private void checkIndex(int i, int j) {
    if (i < 0 || i >= rows || j < 0 || j >= cols) {
      throw new IndexOutOfBoundsException(
          "index (" + i + ", " + j + ") outside a " + rows + "x" + cols + " matrix");
    }
  }

  /** The value of a 1x1 matrix. */
  public double scalarValue() {
    if (!isScalar()) {
      throw new IllegalStateException("expected a 1x1 matrix, got " + shapeString());
    }
    return data[0];
  }

  public Matrix copy() {
    return new Matrix(rows, cols, data.clone());
  }

  public Matrix transpose() {
    Matrix t = new Matrix(cols, rows);
    // Blocked so that both reads and writes stay in cache for large matrices.
    final int b = 32;
    for (int i0 = 0; i0 < rows; i0 += b) {
      int i1 = Math.min(rows, i0 + b);
      for (int j0 = 0; j0 < cols; j0 += b) {
        int j1 = Math.min(cols, j0 + b);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            t.data[j * rows + i] = data[i * cols + j];
          }
        }
      }
    }
    return t;
  }

  /** The same data seen with another shape of equal size. */
  public Matrix reshape(int newRows, int newCols) {
    if (newRows < 0 || newCols < 0 || (long) newRows * newCols != data.length) {
      throw new IllegalArgumentException(
          "cannot reshape " + shapeString() + " to " + newRows + "x" + newCols);
    }
    return new Matrix(newRows, newCols, data.clone());
  }

  /** Row i as a fresh array. */
  public double[] rowArray(int i) {
    checkIndex(i, 0);
    return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
  }

  /** A {@code double[rows][cols]} copy. */
  public double[][] toArray() {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }
    return out;
  }

  /** The index of the first NaN or infinite entry, or -1 if all are finite. */
  public int firstNonFinite() {
    for (int i = 0; i < data.length; i++) {
      if (!Double.isFinite(data[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Largest absolute entry-wise difference; shapes must agree. */
  public double maxAbsDiff(Matrix other) {
    requireSameShape("maxAbsDiff", this, other);
    double m = 0;
    for (int i = 0; i < data.length; i++) {
      m = Math.max(m, Math.abs(data[i] - other.data[i]));
    }
    return m;
  }

  public double maxAbs() {
    double m = 0;
    for (double v : data) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  public String shapeString() {
    return rows + "x" + cols;
  }

  /** Throws a clear error unless {@code a} and {@code b} have the same shape. */
  public static void requireSameShape(String operation, Matrix a, Matrix b) {
    if (!a.sameShape(b)) {
      throw new IllegalArgumentException(
          operation + ": shapes differ, " + a.shapeString() + " vs " + b.shapeString());
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Matrix ").append(shapeString());
    int shownRows = Math.min(rows, 8);
    int shownCols = Math.min(cols, 8);
    for (int i = 0; i < shownRows; i++) {
      sb.append("\n  [");
      for (int j = 0; j < shownCols; j++) {
        sb.append(j == 0 ? "" : ", ").append(String.format("%.6g", data[i * cols + j]));
      }
      sb.append(cols > shownCols ? ", ...]" : "]");
    }
    if (rows > shownRows) {
      sb.append("\n  ...");
    }
    return sb.toString();
  }
}
