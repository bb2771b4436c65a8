package bms.core.autodiff;

import bms.core.matrix.Matrix;

/**
 * Shape rules for element-wise binary operations: each dimension must match or be 1 (a row
 * vector, a column vector or a scalar broadcasts against a matrix).
 */
final class Broadcast {
  private Broadcast() {}

  static int[] resultShape(String op, Matrix a, Matrix b) {
    int r = dim(op, a.rows(), b.rows(), a, b);
    int c = dim(op, a.cols(), b.cols(), a, b);
    return new int[] {r, c};
  }

  private static int dim(String op, int x, int y, Matrix a, Matrix b) {
    if (x == y || y == 1) return x;
    if (x == 1) return y;
    throw new IllegalArgumentException(op + ": shapes " + a.shapeString() + " and " + b.shapeString()
        + " do not broadcast (each dimension must match or be 1)");
  }

  /** Sums {@code g} over the broadcast dimensions so it has shape rows x cols. */
  static Matrix reduceTo(Matrix g, int rows, int cols) {
    if (g.rows() == rows && g.cols() == cols) {
      return g;
    }
    Matrix out = new Matrix(rows, cols);
    double[] o = out.data();
    double[] d = g.data();
    int gr = g.rows();
    int gc = g.cols();
    for (int i = 0; i < gr; i++) {
      int oi = rows == 1 ? 0 : i * cols;
      int gi = i * gc;
      if (cols == 1) {
        double s = 0;
        for (int j = 0; j < gc; j++) s += d[gi + j];
        o[oi] += s;
      } else {
        for (int j = 0; j < gc; j++) o[oi + j] += d[gi + j];
      }
    }
    return out;
  }
}
