package bms.core.linalg;

/** Small in-place helpers on square row-major arrays shared by the backends. */
final class Symmetric {
  private static final int TILE = 64;

  private Symmetric() {}

  /**
   * Copies the lower triangle onto the upper one. Tiled, because the naive loop reads a column
   * per row and misses the cache on every element once the matrix outgrows it.
   */
  static void mirrorLowerToUpper(double[] d, int n) {
    for (int i0 = 0; i0 < n; i0 += TILE) {
      int i1 = Math.min(n, i0 + TILE);
      for (int j0 = i0; j0 < n; j0 += TILE) {
        int j1 = Math.min(n, j0 + TILE);
        for (int i = i0; i < i1; i++) {
          int row = i * n;
          for (int j = Math.max(j0, i + 1); j < j1; j++) {
            d[row + j] = d[j * n + i];
          }
        }
      }
    }
  }

  /** Sets the strict upper triangle to zero. */
  static void zeroStrictUpper(double[] d, int n) {
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(d, i * n + i + 1, (i + 1) * n, 0.0);
    }
  }

  /** Whether every diagonal entry is finite and positive (a usable Cholesky factor). */
  static boolean diagonalPositive(double[] d, int n) {
    for (int i = 0; i < n; i++) {
      double v = d[i * n + i];
      if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
        return false;
      }
    }
    return true;
  }
}
