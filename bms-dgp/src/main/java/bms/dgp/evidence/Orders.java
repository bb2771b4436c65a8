package bms.dgp.evidence;

import bms.dgp.random.RandomStream;

/** Checks and draws of the order in which a prequential score reveals the data. */
public final class Orders {
  private Orders() {}

  /** A seeded random order of 0..n-1. */
  public static int[] random(int n, RandomStream rng) {
    return rng.permutation(n);
  }

  /** 0..n-1 in turn. */
  public static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) o[i] = i;
    return o;
  }

  /** Refuses anything but a permutation of 0..n-1, naming the first bad entry. */
  public static void requirePermutation(int[] order, int n) {
    if (order.length != n) {
      throw new IllegalArgumentException("order has " + order.length + " indices for " + n + " data points");
    }
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      int j = order[i];
      if (j < 0 || j >= n) {
        throw new IllegalArgumentException("order[" + i + "] = " + j + " is outside 0.." + (n - 1));
      }
      if (seen[j]) throw new IllegalArgumentException("order[" + i + "] = " + j + " appears twice");
      seen[j] = true;
    }
  }
}
