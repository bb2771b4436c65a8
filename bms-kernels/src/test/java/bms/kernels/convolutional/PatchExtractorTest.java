package bms.kernels.convolutional;

import bms.kernels.image.ImageShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PatchExtractorTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** A random image shape and a patch shape that fits in it. */
  static PatchExtractor randomExtractor(RandomCases rc) {
    ImageShape image = ImageShape.interleaved(rc.dim(1, 6), rc.dim(1, 6), rc.dim(1, 3));
    PatchShape patch = new PatchShape(rc.dim(1, image.height()), rc.dim(1, image.width()), rc.dim(1, 3), rc.dim(1, 3));
    return new PatchExtractor(image, patch);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void patchesAreTheExplicitSubImages(long seed) {
    RandomCases rc = new RandomCases(seed);
    PatchExtractor pe = randomExtractor(rc);
    ImageShape s = pe.image();
    PatchShape ps = pe.patch();
    int n = rc.dim(1, 3);
    Matrix x = rc.matrix(n, s.size());
    Matrix out = pe.extract(Var.constant(x)).value();
    int oh = (s.height() - ps.height()) / ps.strideY() + 1, ow = (s.width() - ps.width()) / ps.strideX() + 1;
    assertEquals(oh * ow, pe.numPatches());
    assertEquals(n * oh * ow, out.rows());
    assertEquals(ps.height() * ps.width() * s.channels(), out.cols());
    for (int img = 0; img < n; img++) {
      for (int py = 0; py < oh; py++) {
        for (int px = 0; px < ow; px++) {
          int row = img * oh * ow + py * ow + px, e = 0;
          for (int i = 0; i < ps.height(); i++) {
            for (int j = 0; j < ps.width(); j++) {
              for (int c = 0; c < s.channels(); c++) {
                int y = py * ps.strideY() + i, xx = px * ps.strideX() + j;
                assertEquals(x.get(img, (y * s.width() + xx) * s.channels() + c), out.get(row, e++), 0.0);
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void backwardScatterAddsOntoThePixels(long seed) {
    RandomCases rc = new RandomCases(seed);
    PatchExtractor pe = randomExtractor(rc);
    GradCheck.withSeed(seed).check(v -> pe.extract(v.get(0)), rc.matrix(rc.dim(1, 3), pe.image().size()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void locationsSpanTheUnitSquare(long seed) {
    PatchExtractor pe = randomExtractor(new RandomCases(seed));
    Matrix l = pe.locations();
    assertEquals(pe.numPatches(), l.rows());
    for (int p = 0; p < l.rows(); p++) {
      int py = p / pe.outWidth(), px = p % pe.outWidth();
      assertEquals(pe.outHeight() > 1 ? py / (double) (pe.outHeight() - 1) : 0.0, l.get(p, 0), 1e-15);
      assertEquals(pe.outWidth() > 1 ? px / (double) (pe.outWidth() - 1) : 0.0, l.get(p, 1), 1e-15);
    }
  }

  @Test
  void badShapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ImageShape.interleaved(0, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> new PatchShape(2, 2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new PatchExtractor(ImageShape.gray(3, 3), PatchShape.of(4, 1)));
    PatchExtractor pe = new PatchExtractor(ImageShape.gray(4, 4), PatchShape.of(2, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pe.extract(Var.constant(new Matrix(2, 15))));
    assertTrue(e.getMessage().contains("16 columns"), e.getMessage());
  }
}
