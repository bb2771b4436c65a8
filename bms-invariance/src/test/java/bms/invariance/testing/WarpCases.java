package bms.invariance.testing;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.invariance.image.AffineWarp;
import bms.kernels.image.ImageShape;

/** Random affine rows for warp tests, kept away from the kinks of bilinear interpolation. */
public final class WarpCases {
  /** Smallest distance, in pixels, that a source coordinate keeps from an integer. */
  public static final double KINK_MARGIN = 1e-3;

  private WarpCases() {}

  /** Identity plus uniform noise in [-noise, noise] on every entry. */
  public static Matrix randomAffine(RandomCases rc, int rows, double noise) {
    Matrix a = AffineWarp.identity(rows);
    for (int i = 0; i < a.size(); i++) a.data()[i] += noise * (2 * rc.rng().nextDouble() - 1);
    return a;
  }

  /** Random affine rows whose source points all keep {@link #KINK_MARGIN} from integers. */
  public static Matrix offKinkAffine(RandomCases rc, ImageShape s, int rows) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      Matrix a = randomAffine(rc, rows, 0.5);
      if (minDistanceToInteger(a, s) > KINK_MARGIN) return a;
    }
    throw new IllegalStateException("no off-kink affine found");
  }

  /**
   * The smallest distance from an integer of any source coordinate (pixel units) of any affine
   * row: bilinear interpolation has derivative jumps exactly at integer coordinates, so finite
   * differences are only valid where this is larger than the perturbation.
   */
  public static double minDistanceToInteger(Matrix affine, ImageShape s) {
    double min = Double.POSITIVE_INFINITY;
    for (int r = 0; r < affine.rows(); r++) {
      double[] a = affine.rowArray(r);
      for (int i = 0; i < s.height(); i++) {
        for (int j = 0; j < s.width(); j++) {
          for (double c : AffineWarp.sourcePixel(a, i, j, s)) min = Math.min(min, Math.abs(c - Math.rint(c)));
        }
      }
    }
    return min;
  }
}
