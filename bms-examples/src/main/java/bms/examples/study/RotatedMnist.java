package bms.examples.study;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;
import bms.examples.data.Digits;
import bms.invariance.image.AffineWarp;
import bms.kernels.image.ImageShape;

/**
 * Rotated MNIST built from the shipped MNIST files (docs/BACKGROUND.md section 6): each digit is
 * rotated about the image centre by its own angle drawn uniformly from [-R, R] degrees, with
 * bilinear interpolation and zeros outside the frame. This is not the published
 * mnist_rotation_new benchmark (12k train, 50k test), which is not shipped.
 *
 * <p>The rotation uses the convention of {@link bms.invariance.orbits.RotationOrbit}: output
 * pixel (u, v) reads the source point A(a) (u, v), A = [[cos a, -sin a], [sin a, cos a]].
 */
public final class RotatedMnist {
  /** The largest angle range R in degrees: the full circle. */
  public static final double MAX_DEGREES = 180.0;

  private RotatedMnist() {}

  /** Digits as model inputs: pixels in [0, 1] (n x 784), labels (n x 1) and each digit's angle. */
  public record Images(Matrix x, Matrix y, double[] anglesDegrees) {
    public Images {
      if (x.rows() != y.rows() || x.rows() != anglesDegrees.length) {
        throw new IllegalArgumentException("x, y and the angles need one row per digit, got " + x.shapeString()
            + ", " + y.shapeString() + " and " + anglesDegrees.length + " angles");
      }
    }

    public int size() {
      return x.rows();
    }

    public bms.dgp.data.Dataset dataset() {
      return new bms.dgp.data.Dataset(x, y);
    }
  }

  /**
   * {@code n} distinct digits of {@code source} chosen with {@code rng}, each rotated by an angle
   * uniform in [-maxDegrees, maxDegrees] drawn from {@code rng} (maxDegrees = 0 leaves them as
   * they are).
   */
  public static Images sample(Digits source, int n, double maxDegrees, RandomStream rng) {
    if (n < 1 || n > source.count()) {
      throw new IllegalArgumentException("size must be in 1.." + source.count() + ", got " + n);
    }
    Digits chosen = source.subset(rng.child("indices").sampleWithoutReplacement(source.count(), n));
    return rotate(chosen, maxDegrees, rng.child("angles"));
  }

  /** Every digit of {@code digits}, rotated by an angle uniform in [-maxDegrees, maxDegrees]. */
  public static Images rotate(Digits digits, double maxDegrees, RandomStream rng) {
    checkRange(maxDegrees);
    int n = digits.count();
    double[] angles = new double[n];
    for (int i = 0; i < n; i++) {
      angles[i] = maxDegrees == 0 ? 0.0 : -maxDegrees + 2 * maxDegrees * rng.nextDouble();
    }
    Matrix x = digits.images();
    if (maxDegrees > 0) {
      x = rotate(x, ImageShape.gray(digits.rows(), digits.cols()), angles);
    }
    return new Images(x, digits.labelColumn(), angles);
  }

  /** Row i of {@code images} rotated by {@code degrees[i]} (a constant computation, no gradient). */
  public static Matrix rotate(Matrix images, ImageShape shape, double[] degrees) {
    if (degrees.length != images.rows()) {
      throw new IllegalArgumentException("need one angle per image: " + images.rows() + " images, "
          + degrees.length + " angles");
    }
    Matrix affine = new Matrix(images.rows(), AffineWarp.PARAMS);
    double[] a = affine.data();
    for (int i = 0; i < degrees.length; i++) {
      double r = Math.toRadians(degrees[i]);
      double c = Math.cos(r), s = Math.sin(r);
      int o = i * AffineWarp.PARAMS;
      a[o] = c;
      a[o + 1] = -s;
      a[o + 3] = s;
      a[o + 4] = c;
    }
    return AffineWarp.warpEach(Var.constant(images), Var.constant(affine), shape, 1).value();
  }

  /**
   * Average-pools square images of side {@code side} by {@code factor} in each direction (2 turns
   * 28 x 28 digits into 14 x 14); factor 1 returns them unchanged.
   */
  public static Matrix pool(Matrix images, int side, int factor) {
    if (factor < 1 || side % factor != 0) {
      throw new IllegalArgumentException("pooling factor must divide the image side " + side + ", got " + factor);
    }
    if (images.cols() != side * side) {
      throw new IllegalArgumentException("images have " + images.cols() + " columns, not " + side + "x" + side);
    }
    if (factor == 1) return images;
    int s = side / factor;
    Matrix out = new Matrix(images.rows(), s * s);
    double[] in = images.data();
    double[] o = out.data();
    double norm = 1.0 / (factor * factor);
    for (int n = 0; n < images.rows(); n++) {
      int src = n * side * side, dst = n * s * s;
      for (int i = 0; i < side; i++) {
        for (int j = 0; j < side; j++) {
          o[dst + (i / factor) * s + j / factor] += norm * in[src + i * side + j];
        }
      }
    }
    return out;
  }

  /** The same digits average-pooled by {@code factor} (see {@link #pool(Matrix, int, int)}). */
  public static Images pool(Images digits, int side, int factor) {
    return new Images(pool(digits.x(), side, factor), digits.y(), digits.anglesDegrees());
  }

  static void checkRange(double maxDegrees) {
    if (!(maxDegrees >= 0 && maxDegrees <= MAX_DEGREES)) {
      throw new IllegalArgumentException("max angle must be in [0, 180] degrees, got " + maxDegrees);
    }
  }
}
