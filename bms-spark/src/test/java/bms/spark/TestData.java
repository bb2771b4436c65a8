package bms.spark;

import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;

/** Small seeded regression sets for the bms-spark tests. */
public final class TestData {
  private TestData() {}

  /** n points in [-2, 2]^d, p outputs: sums of sines of the inputs plus noise of sd 0.1. */
  public static Dataset regression(int n, int d, int p, long seed) {
    RandomStream rng = new RandomStream(seed);
    Matrix x = new Matrix(n, d);
    Matrix y = new Matrix(n, p);
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        double v = 4 * rng.nextDouble() - 2;
        x.set(i, j, v);
        s += Math.sin((j + 1.5) * v);
      }
      for (int k = 0; k < p; k++) y.set(i, k, (k + 1) * s + 0.1 * rng.nextGaussian());
    }
    return new Dataset(x, y);
  }

  /** The first m rows of x (inducing inputs), as a plain array a factory can capture. */
  public static double[] firstRows(Matrix x, int m) {
    double[] z = new double[m * x.cols()];
    System.arraycopy(x.data(), 0, z, 0, z.length);
    return z;
  }

  /** max |a - b| / max |a|: the relative error of b against a. */
  public static double relativeError(double[] a, double[] b) {
    double diff = 0, scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    return diff / scale;
  }
}
