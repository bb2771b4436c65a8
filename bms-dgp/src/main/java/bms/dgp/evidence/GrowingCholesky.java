package bms.dgp.evidence;

/**
 * The Cholesky factor L of a covariance matrix grown one row and column at a time (bordering):
 * for C' = [[C, k], [k^T, c]] the new row is l = L^-1 k and d = sqrt(c - l^T l), so adding the
 * i-th point costs O(i^2) instead of a new O(i^3) factorisation. {@code l} and {@code d} are
 * exactly what a Gaussian one-step-ahead prediction needs: the conditional variance of the new
 * entry given the earlier ones is d^2.
 */
final class GrowingCholesky {
  private final double[] l; // row-major, capacity x capacity, lower triangle used
  private final int capacity;
  private int size;

  GrowingCholesky(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    this.capacity = capacity;
    this.l = new double[capacity * capacity];
  }

  int size() {
    return size;
  }

  /**
   * Appends the point whose covariances with the earlier points are {@code k} (length size())
   * and whose variance is {@code c}; returns the new row l (length size() before the call) and
   * stores d on the diagonal, which {@link #lastDiagonal} returns.
   */
  double[] append(double[] k, double c) {
    if (size == capacity) throw new IllegalStateException("the factor is full (" + capacity + " points)");
    if (k.length != size) {
      throw new IllegalArgumentException("k has " + k.length + " covariances for " + size + " earlier points");
    }
    int n = size;
    int row = n * capacity;
    double ll = 0;
    for (int j = 0; j < n; j++) { // forward substitution, L[0..n) l = k
      double s = k[j];
      int rj = j * capacity;
      for (int t = 0; t < j; t++) s -= l[rj + t] * l[row + t];
      double v = s / l[rj + j];
      l[row + j] = v;
      ll += v * v;
    }
    double d2 = c - ll;
    if (!(d2 > 0)) {
      throw new IllegalArgumentException("the covariance is not positive definite at point " + n
          + ": conditional variance " + d2 + " (variance " + c + ")");
    }
    l[row + n] = Math.sqrt(d2);
    size = n + 1;
    double[] out = new double[n];
    System.arraycopy(l, row, out, 0, n);
    return out;
  }

  /** d of the last appended point: the square root of its conditional variance. */
  double lastDiagonal() {
    if (size == 0) throw new IllegalStateException("no point appended yet");
    return l[(size - 1) * capacity + size - 1];
  }
}
