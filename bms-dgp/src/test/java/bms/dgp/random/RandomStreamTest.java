package bms.dgp.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RandomStreamTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void restoredStreamContinuesIdentically(long seed) {
    RandomStream a = new RandomStream(seed);
    int skip = (int) (seed % 37);
    for (int i = 0; i < skip; i++) a.nextLong();
    RandomStream b = RandomStream.restore(a.seed(), a.position());
    for (int i = 0; i < 20; i++) assertEquals(a.nextLong(), b.nextLong());
    assertEquals(a.gaussian(3, 5).maxAbsDiff(b.gaussian(3, 5)), 0.0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void childrenDependOnTheSeedAndNameOnly(long seed) {
    RandomStream a = new RandomStream(seed);
    RandomStream b = new RandomStream(seed);
    for (int i = 0; i < 5; i++) b.nextDouble(); // the parent's position must not matter
    assertEquals(a.child("noise").nextLong(), b.child("noise").nextLong());
    assertEquals(a.child(7).nextLong(), b.child(7).nextLong());
    assertNotEquals(a.child("noise").nextLong(), a.child("batches").nextLong());
    assertNotEquals(a.child(7).nextLong(), a.child(8).nextLong());
    assertNotEquals(a.child(1).nextLong(), new RandomStream(seed + 1).child(1).nextLong());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gaussianMomentsAndUniformRange(long seed) {
    RandomStream r = new RandomStream(seed);
    int n = 20_000;
    Matrix g = r.gaussian(n / 4, 4);
    double s = 0, s2 = 0, s4 = 0;
    for (double v : g.data()) {
      s += v;
      s2 += v * v;
      s4 += v * v * v * v;
    }
    assertEquals(0.0, s / n, 5 / Math.sqrt(n));
    assertEquals(1.0, s2 / n, 5 * Math.sqrt(2.0 / n));
    assertEquals(3.0, s4 / n, 5 * Math.sqrt(96.0 / n));
    for (int i = 0; i < 1000; i++) {
      double u = r.nextDouble();
      assertTrue(u >= 0 && u < 1);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void integersAndPermutations(long seed) {
    RandomStream r = new RandomStream(seed);
    int bound = 2 + (int) (seed % 9);
    int[] counts = new int[bound];
    int n = 9000;
    for (int i = 0; i < n; i++) counts[r.nextInt(bound)]++;
    double chi2 = 0;
    for (int c : counts) chi2 += Math.pow(c - (double) n / bound, 2) / ((double) n / bound);
    assertTrue(chi2 < bound + 6 * Math.sqrt(2.0 * bound), "chi-square " + chi2 + " for " + Arrays.toString(counts));
    int[] p = r.permutation(50);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    int[] expected = new int[50];
    for (int i = 0; i < 50; i++) expected[i] = i;
    assertArrayEquals(expected, sorted);
    int[] sub = r.sampleWithoutReplacement(30, 10);
    assertEquals(10, Arrays.stream(sub).distinct().count());
  }
}
