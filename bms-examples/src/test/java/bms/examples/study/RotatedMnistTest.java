package bms.examples.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.random.RandomStream;
import bms.examples.data.Digits;
import bms.kernels.image.ImageShape;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rotated digits: angles in range, exact quarter turns, seeded draws, pooling. */
class RotatedMnistTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** Random ink on random labels: a stand-in for MNIST of any size. */
  static Digits digits(RandomCases rc, int n, int side) {
    byte[] px = new byte[n * side * side];
    for (int i = 0; i < px.length; i++) px[i] = (byte) rc.rng().nextInt(256);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = rc.rng().nextInt(Digits.CLASSES);
    return new Digits(side, side, px, labels);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void anglesLieInTheRangeAndTheSameSeedGivesTheSameDigits(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(3, 8);
    Digits source = digits(rc, rc.dim(5, 30), side);
    int n = rc.dim(1, source.count());
    double r = 180 * rc.rng().nextDouble();
    RotatedMnist.Images a = RotatedMnist.sample(source, n, r, new RandomStream(seed));
    RotatedMnist.Images b = RotatedMnist.sample(source, n, r, new RandomStream(seed));
    assertEquals(n, a.size());
    assertEquals(0.0, a.x().maxAbsDiff(b.x()), 0.0);
    assertArrayEquals(a.anglesDegrees(), b.anglesDegrees(), 0.0);
    for (double angle : a.anglesDegrees()) assertTrue(Math.abs(angle) <= r, angle + " outside +-" + r);
    for (int i = 0; i < n; i++) {
      double y = a.y().get(i, 0);
      assertTrue(y == Math.rint(y) && y >= 0 && y < Digits.CLASSES, "label " + y);
    }
    RotatedMnist.Images other = RotatedMnist.sample(source, n, r, new RandomStream(seed + 1));
    assertTrue(n == 1 && r == 0 || !java.util.Arrays.equals(a.anglesDegrees(), other.anglesDegrees()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void zeroRangeLeavesDigitsUpright(long seed) {
    RandomCases rc = new RandomCases(seed);
    Digits d = digits(rc, rc.dim(1, 6), rc.dim(2, 9));
    RotatedMnist.Images same = RotatedMnist.rotate(d, 0, new RandomStream(seed));
    assertEquals(0.0, same.x().maxAbsDiff(d.images()), 0.0);
    for (double a : same.anglesDegrees()) assertEquals(0.0, a);
  }

  /** +90 degrees sends output pixel (i, j) to source pixel (j, W-1-i): pixel centres onto centres. */
  @ParameterizedTest
  @MethodSource("seeds")
  void quarterTurnsPermuteThePixels(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(2, 9), n = rc.dim(1, 4);
    Matrix x = rc.uniform(n, side * side, 0, 1);
    double[] angles = new double[n];
    java.util.Arrays.fill(angles, 90.0);
    Matrix rotated = RotatedMnist.rotate(x, ImageShape.gray(side, side), angles);
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < side; i++) {
        for (int j = 0; j < side; j++) {
          assertEquals(x.get(k, j * side + (side - 1 - i)), rotated.get(k, i * side + j), 1e-12);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void poolingAveragesBlocks(long seed) {
    RandomCases rc = new RandomCases(seed);
    int f = rc.dim(1, 4), s = rc.dim(1, 5), n = rc.dim(1, 3);
    int side = f * s;
    Matrix x = rc.uniform(n, side * side, 0, 1);
    Matrix p = RotatedMnist.pool(x, side, f);
    assertEquals(s * s, p.cols());
    for (int k = 0; k < n; k++) {
      int bi = rc.rng().nextInt(s), bj = rc.rng().nextInt(s);
      double mean = 0;
      for (int i = 0; i < f; i++) for (int j = 0; j < f; j++) mean += x.get(k, (bi * f + i) * side + bj * f + j);
      assertEquals(mean / (f * f), p.get(k, bi * s + bj), 1e-12);
    }
    if (side > 1) {
      int bad = side + 1;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RotatedMnist.pool(x, side, bad));
      assertTrue(e.getMessage().contains("pooling factor"), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void badRangesAndSizesAreRefusedByName(long seed) {
    RandomCases rc = new RandomCases(seed);
    Digits d = digits(rc, rc.dim(1, 5), 3);
    double bad = rc.rng().nextBoolean() ? -1 - rc.rng().nextDouble() : 180.5 + rc.rng().nextDouble();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RotatedMnist.rotate(d, bad, new RandomStream(seed)));
    assertTrue(e.getMessage().contains("max angle"), e.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> RotatedMnist.sample(d, d.count() + 1, 10, new RandomStream(seed)));
    assertTrue(size.getMessage().contains("size"), size.getMessage());
  }
}
