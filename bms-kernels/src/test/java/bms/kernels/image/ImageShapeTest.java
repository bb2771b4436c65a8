package bms.kernels.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import bms.kernels.convolutional.PatchExtractor;
import bms.kernels.convolutional.PatchShape;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One image shape for both layouts: every entry has one column, and each reader checks the layout. */
class ImageShapeTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void indexIsABijectionInEachLayoutAndGrayLayoutsCoincide(long seed) {
    RandomCases rc = new RandomCases(seed);
    int h = rc.dim(1, 6), w = rc.dim(1, 6), c = rc.dim(1, 4);
    ImageShape inter = ImageShape.interleaved(h, w, c);
    ImageShape planar = ImageShape.planar(c, h, w);
    for (ImageShape s : new ImageShape[] {inter, planar}) {
      Set<Integer> seen = new HashSet<>();
      for (int k = 0; k < c; k++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int i = s.index(k, y, x);
            assertTrue(i >= 0 && i < s.size() && seen.add(i), s + ": (" + k + ", " + y + ", " + x + ") -> " + i);
          }
        }
      }
    }
    int k = rc.rng().nextInt(c), y = rc.rng().nextInt(h), x = rc.rng().nextInt(w);
    assertEquals((y * w + x) * c + k, inter.index(k, y, x), "interleaved: (y * W + x) * C + c");
    assertEquals(k * h * w + y * w + x, planar.index(k, y, x), "planar: c * H * W + y * W + x");
    assertEquals(ImageShape.gray(h, w), ImageShape.planar(1, h, w));
    assertEquals(ImageShape.gray(h, w), ImageShape.interleaved(h, w, 1));
    if (c > 1) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new PatchExtractor(planar, new PatchShape(1, 1, 1, 1)));
      assertTrue(e.getMessage().contains("interleaved"), e.getMessage());
    } else {
      planar.requireLayout(ImageShape.Layout.INTERLEAVED, "any reader"); // gray images suit both
    }
  }
}
