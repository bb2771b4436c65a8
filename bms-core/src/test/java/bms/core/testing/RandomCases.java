package bms.core.testing;

import bms.core.matrix.Matrix;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded random shapes, matrices and SPD matrices for property tests. Each case gets its own
 * {@link Random} from its seed, so a failing case is reproduced by its seed alone.
 */
public final class RandomCases {
  private final Random rng;
  private final long seed;

  public RandomCases(long seed) {
    this.seed = seed;
    this.rng = new Random(seed);
  }

  /** Seeds 0..count-1, for {@code @MethodSource} providers. */
  public static Stream<Long> seeds(int count) {
    return IntStream.range(0, count).mapToObj(i -> (long) i * 7919 + 17);
  }

  public long seed() {
    return seed;
  }

  public Random rng() {
    return rng;
  }

  /** A dimension in [lo, hi]. */
  public int dim(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  /** Standard normal entries, scaled by a random factor in [0.5, 2]. */
  public Matrix matrix(int rows, int cols) {
    double scale = 0.5 + 1.5 * rng.nextDouble();
    Matrix m = Matrix.randn(rows, cols, rng);
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) d[i] *= scale;
    return m;
  }

  /** Entries uniform in [lo, hi). */
  public Matrix uniform(int rows, int cols, double lo, double hi) {
    return Matrix.uniform(rows, cols, lo, hi, rng);
  }

  /** Strictly positive entries in [lo, hi). */
  public Matrix positive(int rows, int cols, double lo, double hi) {
    if (!(lo > 0)) throw new IllegalArgumentException("positive() needs lo > 0");
    return uniform(rows, cols, lo, hi);
  }

  /** Entries of random sign with magnitude in [lo, hi): keeps division and |x| away from 0. */
  public Matrix awayFromZero(int rows, int cols, double lo, double hi) {
    Matrix m = positive(rows, cols, lo, hi);
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      if (rng.nextBoolean()) d[i] = -d[i];
    }
    return m;
  }

  /** A random symmetric positive definite n x n matrix, A A^T / n + ridge I. */
  public Matrix spd(int n, double ridge) {
    Matrix a = Matrix.randn(n, n + 2, rng);
    Matrix s = new Matrix(n, n);
    double[] ad = a.data();
    double[] sd = s.data();
    int k = n + 2;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = 0;
        for (int t = 0; t < k; t++) v += ad[i * k + t] * ad[j * k + t];
        v /= k;
        sd[i * n + j] = v;
        sd[j * n + i] = v;
      }
      sd[i * n + i] += ridge;
    }
    return s;
  }

  public Matrix spd(int n) {
    return spd(n, 0.5);
  }

  /** A well-conditioned lower-triangular matrix with positive diagonal in [1, 2). */
  public Matrix lowerTriangular(int n) {
    Matrix l = new Matrix(n, n);
    double[] d = l.data();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) d[i * n + j] = 0.3 * rng.nextGaussian();
      d[i * n + i] = 1.0 + rng.nextDouble();
    }
    return l;
  }

  /** The transpose of {@link #lowerTriangular(int)}. */
  public Matrix upperTriangular(int n) {
    return lowerTriangular(n).transpose();
  }

  /** Row indices in [0, n), with repeats. */
  public int[] indices(int count, int n) {
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) idx[i] = rng.nextInt(n);
    return idx;
  }
}
