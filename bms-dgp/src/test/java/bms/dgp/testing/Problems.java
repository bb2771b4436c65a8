package bms.dgp.testing;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.kernels.SquaredExponential;

/** Small random regression problems for property tests. */
public final class Problems {
  private Problems() {}

  /** N points in [-3, 3]^D with targets sin(x0) + x1/2 + noise in P columns. */
  public static Dataset regression(RandomCases rc, int n, int d, int p) {
    Matrix x = rc.uniform(n, d, -3, 3);
    Matrix y = new Matrix(n, p);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        double v = Math.sin(x.get(i, 0) + j) + (d > 1 ? 0.5 * x.get(i, 1) : 0) + 0.2 * rc.rng().nextGaussian();
        y.set(i, j, v);
      }
    }
    return new Dataset(x, y);
  }

  /** An ARD squared exponential kernel with random, moderate hyperparameters. */
  public static SquaredExponential kernel(RandomCases rc, int d) {
    return new SquaredExponential(0.5 + 1.5 * rc.rng().nextDouble(), rc.uniform(1, d, 0.6, 1.5));
  }

  /**
   * m points in [-3, 3]^d at least {@code minDistance} apart (by rejection), so Kuu stays well
   * conditioned in tests that are about something else.
   */
  public static Matrix spreadPoints(RandomCases rc, int m, int d, double minDistance) {
    Matrix z = new Matrix(m, d);
    int placed = 0;
    for (int attempt = 0; placed < m; attempt++) {
      if (attempt > 10_000) throw new IllegalStateException("cannot place " + m + " points " + minDistance + " apart");
      double[] cand = new double[d];
      for (int k = 0; k < d; k++) cand[k] = -3 + 6 * rc.rng().nextDouble();
      boolean ok = true;
      for (int i = 0; i < placed && ok; i++) {
        double r2 = 0;
        for (int k = 0; k < d; k++) r2 += (z.get(i, k) - cand[k]) * (z.get(i, k) - cand[k]);
        ok = r2 >= minDistance * minDistance;
      }
      if (ok) {
        System.arraycopy(cand, 0, z.data(), placed * d, d);
        placed++;
      }
    }
    return z;
  }

  /** The first m rows of x. */
  public static Matrix firstRows(Matrix x, int m) {
    Matrix z = new Matrix(m, x.cols());
    System.arraycopy(x.data(), 0, z.data(), 0, m * x.cols());
    return z;
  }
}
