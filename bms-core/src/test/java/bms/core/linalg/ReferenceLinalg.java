package bms.core.linalg;

import bms.core.matrix.Matrix;

/**
 * Plain triple-loop versions of the backend kernels, written straight from the definitions,
 * to check the optimised backends against.
 */
final class ReferenceLinalg {
  private ReferenceLinalg() {}

  /** alpha op(a) op(b) + beta c, where beta == 0 ignores c (NaN included). */
  static Matrix gemm(boolean ta, boolean tb, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    int m = ta ? a.cols() : a.rows();
    int k = ta ? a.rows() : a.cols();
    int n = tb ? b.rows() : b.cols();
    double[] ad = a.data(), bd = b.data();
    int ac = a.cols(), bc = b.cols();
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int l = 0; l < k; l++) {
          double x = ta ? ad[l * ac + i] : ad[i * ac + l];
          double y = tb ? bd[j * bc + l] : bd[l * bc + j];
          s += x * y;
        }
        out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c.data()[i * n + j]);
      }
    }
    return Matrix.wrap(m, n, out);
  }

  /** The lower Cholesky factor from the lower triangle of a, or null if a is not positive definite. */
  static Matrix cholesky(Matrix a) {
    int n = a.rows();
    double[] ad = a.data();
    double[] l = new double[n * n];
    for (int j = 0; j < n; j++) {
      double d = ad[j * n + j];
      for (int k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0)) {
        return null;
      }
      double ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double s = ad[i * n + j];
        for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / ljj;
      }
    }
    return Matrix.wrap(n, n, l);
  }

  /** X with op(T) X = alpha B (left) or X op(T) = alpha B (right), reading one triangle of t. */
  static Matrix trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    int n = t.rows();
    // The dense op(T), with the unused triangle treated as zero.
    Matrix a = new Matrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        boolean in = lower ? j <= i : j >= i;
        if (in) {
          if (transT) a.set(j, i, t.get(i, j));
          else a.set(i, j, t.get(i, j));
        }
      }
    }
    if (!left) {
      // X A = alpha B  <=>  A^T X^T = alpha B^T.
      return solveDense(a.transpose(), b.transpose(), alpha).transpose();
    }
    return solveDense(a, b, alpha);
  }

  /** Solves A X = alpha B for triangular A (which triangle is read off its zeros). */
  private static Matrix solveDense(Matrix a, Matrix b, double alpha) {
    int n = a.rows();
    int r = b.cols();
    double[] ad = a.data();
    boolean isLower = true;
    for (int i = 0; i < n && isLower; i++) {
      for (int j = i + 1; j < n; j++) {
        if (ad[i * n + j] != 0) {
          isLower = false;
          break;
        }
      }
    }
    // Substitution, one column of X at a time: x_i = (alpha b_i - sum_{j != i} a_ij x_j) / a_ii.
    double[] bd = b.data();
    double[] x = new double[n * r];
    double[] col = new double[n];
    for (int c = 0; c < r; c++) {
      for (int s = 0; s < n; s++) {
        int i = isLower ? s : n - 1 - s;
        double v = alpha * bd[i * r + c];
        int from = isLower ? 0 : i + 1;
        int to = isLower ? i : n;
        for (int j = from; j < to; j++) v -= ad[i * n + j] * col[j];
        col[i] = v / ad[i * n + i];
      }
      for (int i = 0; i < n; i++) x[i * r + c] = col[i];
    }
    return Matrix.wrap(n, r, x);
  }

  /** max abs(x - ref) / max abs(ref): the relative error the backend tests bound. */
  static double relErr(Matrix x, Matrix ref) {
    return x.maxAbsDiff(ref) / Math.max(ref.maxAbs(), Double.MIN_NORMAL);
  }
}
