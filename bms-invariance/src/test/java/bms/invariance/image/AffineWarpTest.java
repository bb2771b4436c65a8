package bms.invariance.image;

import bms.kernels.image.ImageShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static bms.invariance.testing.WarpCases.offKinkAffine;
import static bms.invariance.testing.WarpCases.randomAffine;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.invariance.orbits.PermutationOrbit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AffineWarpTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static ImageShape shape(RandomCases rc) {
    return ImageShape.planar(rc.dim(1, 2), rc.dim(2, 7), rc.dim(2, 7));
  }

  private static ImageShape squareShape(RandomCases rc) {
    int side = rc.dim(2, 7);
    return ImageShape.planar(rc.dim(1, 2), side, side);
  }

  /** Pixel (c, i, j) of row n, the layout documented by ImageShape. */
  private static double px(Matrix m, int row, ImageShape s, int c, int i, int j) {
    return m.get(row, c * s.plane() + i * s.width() + j);
  }

  private static Matrix repeat(double[] affine, int rows) {
    Matrix m = new Matrix(rows, 6);
    for (int r = 0; r < rows; r++) System.arraycopy(affine, 0, m.data(), r * 6, 6);
    return m;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void identityReturnsEveryImage(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    int n = rc.dim(1, 3), samples = rc.dim(1, 3);
    Matrix x = rc.matrix(n, s.size());
    Matrix out = AffineWarp.warpAll(Var.constant(x), Var.constant(AffineWarp.identity(samples)), s).value();
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < samples; t++) {
        for (int j = 0; j < s.size(); j++) {
          assertEquals(x.get(i, j), out.get(i * samples + t, j), 1e-12, "image " + i + " sample " + t + " entry " + j);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void quarterTurnOfASquareImageIsThePixelRotation(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = squareShape(rc);
    int n = rc.dim(1, 3), w = s.width();
    Matrix x = rc.matrix(n, s.size());
    // A = [[cos 90, -sin 90], [sin 90, cos 90]] as computed in floating point (cos is 6e-17, not 0).
    double a = Math.PI / 2;
    double[] rot = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0};
    Matrix out = AffineWarp.warpAll(Var.constant(x), Var.constant(repeat(rot, 1)), s).value();
    // The source of output (i, j) is (u', v') = (-v_i, u_j): column W-1-i, row j.
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < s.channels(); c++) {
        for (int i = 0; i < w; i++) {
          for (int j = 0; j < w; j++) {
            assertEquals(px(x, r, s, c, j, w - 1 - i), px(out, r, s, c, i, j), 1e-12);
          }
        }
      }
    }
    // ... which is the permutation that the exact 90-degree orbit uses.
    Matrix perm = PermutationOrbit.rotations90(s).apply(Var.constant(x)).value();
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < s.size(); j++) assertEquals(perm.get(r * 4 + 1, j), out.get(r, j), 1e-12);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void shiftByWholePixelsIsAShiftWithZerosComingIn(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    int h = s.height(), w = s.width();
    int kx = rc.dim(-w, w), ky = rc.dim(-h, h);
    Matrix x = rc.matrix(1, s.size());
    double[] shift = {1, 0, 2.0 * kx / (w - 1), 0, 1, 2.0 * ky / (h - 1)};
    Matrix out = AffineWarp.warpAll(Var.constant(x), Var.constant(repeat(shift, 1)), s).value();
    for (int c = 0; c < s.channels(); c++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int si = i + ky, sj = j + kx;
          double expected = si >= 0 && si < h && sj >= 0 && sj < w ? px(x, 0, s, c, si, sj) : 0.0;
          assertEquals(expected, px(out, 0, s, c, i, j), 1e-12, "pixel " + i + "," + j + " shift " + kx + "," + ky);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mirrorMatrixIsTheHorizontalFlip(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    Matrix x = rc.matrix(2, s.size());
    Matrix out = AffineWarp.warpAll(Var.constant(x), Var.constant(repeat(new double[] {-1, 0, 0, 0, 1, 0}, 1)), s)
        .value();
    Matrix flipped = PermutationOrbit.horizontalFlips(s).apply(Var.constant(x)).value();
    for (int r = 0; r < 2; r++) {
      for (int j = 0; j < s.size(); j++) assertEquals(flipped.get(2 * r + 1, j), out.get(r, j), 1e-12);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void halfPixelShiftAveragesNeighbours(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = ImageShape.gray(rc.dim(2, 6), rc.dim(2, 6));
    int h = s.height(), w = s.width();
    Matrix x = rc.matrix(1, s.size());
    double[] half = {1, 0, 1.0 / (w - 1), 0, 1, 0}; // half a pixel to the right
    Matrix out = AffineWarp.warpAll(Var.constant(x), Var.constant(repeat(half, 1)), s).value();
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double right = j + 1 < w ? px(x, 0, s, 0, i, j + 1) : 0.0;
        assertEquals(0.5 * (px(x, 0, s, 0, i, j) + right), px(out, 0, s, 0, i, j), 1e-12);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void farOutsideTheImageIsZero(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    Matrix x = rc.matrix(2, s.size());
    // Source u' = u + shift >= 1 + 2/(W-1) (one pixel beyond the last centre) for every u >= -1.
    double shift = 2 + 2.0 / (s.width() - 1) + 1e-9 + rc.rng().nextDouble();
    double[] away = {1, 0, shift, 0, 1, 0};
    Matrix out = AffineWarp.warpAll(Var.constant(x), Var.constant(repeat(away, 1)), s).value();
    assertEquals(0.0, out.maxAbs());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void warpEachMatchesWarpAllWithRepeatedRows(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    int n = rc.dim(1, 3), samples = rc.dim(1, 3);
    Matrix x = rc.matrix(n, s.size());
    Matrix affine = randomAffine(rc, samples, 0.4);
    Matrix tiled = new Matrix(n * samples, 6);
    for (int r = 0; r < n * samples; r++) System.arraycopy(affine.data(), (r % samples) * 6, tiled.data(), r * 6, 6);
    Matrix all = AffineWarp.warpAll(Var.constant(x), Var.constant(affine), s).value();
    Matrix each = AffineWarp.warpEach(Var.constant(x), Var.constant(tiled), s, samples).value();
    assertEquals(0.0, all.maxAbsDiff(each), 0.0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsMatchFiniteDifferencesAwayFromPixelKinks(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    int n = rc.dim(1, 2), samples = rc.dim(1, 3);
    Matrix x = rc.matrix(n, s.size());
    Matrix affine = offKinkAffine(rc, s, n * samples);
    GradCheck.withSeed(seed).check(v -> AffineWarp.warpEach(v.get(0), v.get(1), s, samples), x, affine);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sharedAffineGradientsSumOverImages(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    int n = rc.dim(1, 3), samples = rc.dim(1, 2);
    Matrix x = rc.matrix(n, s.size());
    Matrix affine = offKinkAffine(rc, s, samples);
    GradCheck.withSeed(seed).check(v -> AffineWarp.warpAll(v.get(0), v.get(1), s), x, affine);
  }

  @Test
  void badShapesAreRejectedWithTheirNames() {
    ImageShape s = ImageShape.gray(3, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AffineWarp.warpAll(Var.constant(new Matrix(2, 8)), Var.constant(AffineWarp.identity(1)), s));
    assertTrue(e.getMessage().contains("images has 8 columns"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AffineWarp.warpAll(Var.constant(new Matrix(2, 9)), Var.constant(new Matrix(1, 5)), s));
    assertTrue(e.getMessage().contains("6 columns"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AffineWarp.warpEach(Var.constant(new Matrix(2, 9)), Var.constant(AffineWarp.identity(3)), s, 2));
    assertTrue(e.getMessage().contains("N*S"), e.getMessage());
    Matrix nan = AffineWarp.identity(1);
    nan.data()[2] = Double.NaN;
    assertThrows(IllegalArgumentException.class,
        () -> AffineWarp.warpAll(Var.constant(new Matrix(1, 9)), Var.constant(nan), s));
  }
}
