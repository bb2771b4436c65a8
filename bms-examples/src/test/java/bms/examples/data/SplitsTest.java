package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded train/test splits and K folds partition the data and are reproducible. */
class SplitsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  /** Row i of x holds i in its first column, so rows can be traced after a split. */
  private static NamedDataset traceable(RandomCases rc) {
    int n = rc.dim(2, 60);
    int d = rc.dim(1, 4);
    Matrix x = rc.matrix(n, d);
    Matrix y = rc.matrix(n, rc.dim(1, 2));
    for (int i = 0; i < n; i++) {
      x.set(i, 0, i);
    }
    return new NamedDataset("t", x, y);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void trainTestIsAReproduciblePartition(long seed) {
    RandomCases rc = new RandomCases(seed);
    NamedDataset data = traceable(rc);
    int n = data.size();
    double frac = 0.5 + 0.45 * rc.rng().nextDouble();
    int nTrain = (int) Math.round(frac * n);
    if (nTrain < 1 || nTrain > n - 1) {
      assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(data, frac, seed));
      return;
    }
    TrainTestSplit s = Splits.trainTest(data, frac, seed);
    assertEquals(nTrain, s.train().size());
    assertEquals(n - nTrain, s.test().size());
    int[] all = new int[n];
    System.arraycopy(s.trainIndices(), 0, all, 0, nTrain);
    System.arraycopy(s.testIndices(), 0, all, nTrain, n - nTrain);
    Arrays.sort(all);
    for (int i = 0; i < n; i++) {
      assertEquals(i, all[i], "every row in exactly one part");
    }
    for (int k = 0; k < nTrain; k++) {
      int i = s.trainIndices()[k];
      assertEquals(i, s.train().x().get(k, 0));
      assertArrayEquals(data.y().rowArray(i), s.train().y().rowArray(k));
    }
    TrainTestSplit again = Splits.trainTest(data, frac, seed);
    assertArrayEquals(s.trainIndices(), again.trainIndices());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void kFoldsCoverEveryPointOnceWithBalancedSizes(long seed) {
    RandomCases rc = new RandomCases(seed);
    NamedDataset data = traceable(rc);
    int n = data.size();
    int k = 2 + rc.rng().nextInt(Math.min(9, n - 1));
    List<TrainTestSplit> folds = Splits.kFold(data, k, seed);
    assertEquals(k, folds.size());
    int[] timesTested = new int[n];
    for (TrainTestSplit f : folds) {
      int size = f.test().size();
      assertTrue(size == n / k || size == n / k + 1, "fold size " + size);
      assertEquals(n, f.train().size() + size);
      boolean[] inTest = new boolean[n];
      for (int i : f.testIndices()) {
        timesTested[i]++;
        inTest[i] = true;
      }
      for (int i : f.trainIndices()) {
        assertFalse(inTest[i], "row " + i + " both trains and tests");
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(1, timesTested[i]);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void samplesWithoutReplacementAreDistinctAndInRange(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 500);
    int k = rc.rng().nextInt(n + 1);
    int[] s = Splits.sampleWithoutReplacement(n, k, new java.util.Random(seed));
    assertEquals(k, s.length);
    assertEquals(k, Arrays.stream(s).distinct().count());
    assertTrue(Arrays.stream(s).allMatch(i -> i >= 0 && i < n));
    assertThrows(IllegalArgumentException.class, () -> Splits.sampleWithoutReplacement(n, n + 1, rc.rng()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void datasetRejectsNonFiniteValuesNamingTheEntry(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 20);
    int d = rc.dim(1, 5);
    Matrix x = rc.matrix(n, d);
    int i = rc.rng().nextInt(n);
    int j = rc.rng().nextInt(d);
    x.set(i, j, rc.rng().nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NamedDataset("bad", x, rc.matrix(n, 1)));
    assertTrue(e.getMessage().contains("x[" + i + ", " + j + "]"), e.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> new NamedDataset("bad", rc.matrix(n, d), rc.matrix(n + 1, 1)));
    assertTrue(rows.getMessage().contains(n + " rows"), rows.getMessage());
  }
}
