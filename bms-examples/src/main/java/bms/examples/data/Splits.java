package bms.examples.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded ways to divide data: random train/test splits, K folds for cross-validation, and draws
 * of distinct indices. The same seed always gives the same division ({@link Random} has a
 * specified algorithm, so this holds across JVMs).
 */
public final class Splits {
  private Splits() {}

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  public static int[] permutation(int n, Random rng) {
    return sampleWithoutReplacement(n, n, rng);
  }

  /** {@code k} distinct indices from 0..n-1, uniformly at random (partial Fisher-Yates). */
  public static int[] sampleWithoutReplacement(int n, int k, Random rng) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be non-negative, got " + n);
    }
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("k must be in 0.." + n + " (n), got " + k);
    }
    int[] idx = new int[n];
    Arrays.setAll(idx, i -> i);
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, k);
  }

  /**
   * A random split with round(trainFraction * n) training points (e.g. 0.9 for the usual UCI
   * 90/10 protocol); both parts must be non-empty.
   */
  public static TrainTestSplit trainTest(NamedDataset data, double trainFraction, long seed) {
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
    }
    int n = data.size();
    int nTrain = (int) Math.round(trainFraction * n);
    if (nTrain < 1 || nTrain > n - 1) {
      throw new IllegalArgumentException(data.name() + ": trainFraction " + trainFraction + " of "
          + n + " points leaves an empty train or test part");
    }
    int[] perm = permutation(n, new Random(seed));
    return split(data, Arrays.copyOfRange(perm, 0, nTrain), Arrays.copyOfRange(perm, nTrain, n));
  }

  /**
   * K folds for cross-validation: the points are shuffled with {@code seed} and dealt into k
   * test folds whose sizes differ by at most one; fold i trains on the other k-1 folds. Every
   * point is a test point in exactly one fold.
   */
  public static List<TrainTestSplit> kFold(NamedDataset data, int k, long seed) {
    int n = data.size();
    if (k < 2 || k > n) {
      throw new IllegalArgumentException(data.name() + ": k must be in 2.." + n + " (n), got " + k);
    }
    int[] perm = permutation(n, new Random(seed));
    List<TrainTestSplit> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      // Fold f holds perm[lo, hi): the first n % k folds get one extra point.
      int lo = f * (n / k) + Math.min(f, n % k);
      int hi = lo + n / k + (f < n % k ? 1 : 0);
      int[] test = Arrays.copyOfRange(perm, lo, hi);
      int[] train = new int[n - (hi - lo)];
      System.arraycopy(perm, 0, train, 0, lo);
      System.arraycopy(perm, hi, train, lo, n - hi);
      folds.add(split(data, train, test));
    }
    return folds;
  }

  private static TrainTestSplit split(NamedDataset data, int[] train, int[] test) {
    return new TrainTestSplit(data.subset(data.name() + "/train", train),
        data.subset(data.name() + "/test", test), train, test);
  }
}
