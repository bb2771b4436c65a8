package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runs of a region, clipped to any flat range, tile that range exactly. */
class RegionTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(80);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void insideAndOutsideRunsTileTheRangeAndMatchTheTriangle(long seed) {
    RandomCases rc = new RandomCases(seed);
    Region region = Region.values()[rc.rng().nextInt(3)];
    int rows = rc.dim(1, 12);
    int cols = region == Region.FULL ? rc.dim(1, 12) : rows;
    int size = rows * cols;
    int start = rc.rng().nextInt(size);
    int end = start + 1 + rc.rng().nextInt(size - start);
    int[] seen = new int[size]; // 1 inside, 2 outside
    region.forEachRun(rows, cols, start, end, (off, n) -> {
      assertTrue(n > 0, "empty run");
      for (long i = off; i < off + n; i++) seen[(int) i] += 1;
    }, (off, n) -> {
      assertTrue(n > 0, "empty run");
      for (long i = off; i < off + n; i++) seen[(int) i] += 2;
    });
    for (int idx = 0; idx < size; idx++) {
      int i = idx / cols, j = idx % cols;
      boolean inRange = idx >= start && idx < end;
      boolean inRegion = region == Region.FULL || (region == Region.LOWER ? j <= i : j >= i);
      int expected = !inRange ? 0 : inRegion ? 1 : 2;
      assertEquals(expected, seen[idx], "entry (" + i + ", " + j + ") of " + region);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void fullCoversEverythingAndTrianglesOnlyThemselves(long seed) {
    RandomCases rc = new RandomCases(seed);
    Region a = Region.values()[rc.rng().nextInt(3)];
    Region b = Region.values()[rc.rng().nextInt(3)];
    assertEquals(a == Region.FULL || a == b, a.covers(b));
  }
}
