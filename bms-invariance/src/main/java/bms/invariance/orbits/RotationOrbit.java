package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.kernels.image.ImageShape;

/**
 * Rotations by a uniformly drawn angle in a learned range [-alpha, alpha], alpha in (0, 180)
 * degrees (sigmoid-constrained), as in the published code:
 * <pre>
 *   a = -alpha + 2 alpha eps,  eps ~ U(0, 1),   A = [[cos a, -sin a], [sin a, cos a]],  b = 0.
 * </pre>
 * A sends output pixel (u, v) (x right, y down, see {@link bms.invariance.image.AffineWarp}) to
 * the source point A (u, v); a = +90 degrees reproduces {@link PermutationOrbit#rotate90}.
 * alpha = 180 is the full circle.
 */
public final class RotationOrbit extends AffineOrbit {
  public static final double MAX_DEGREES = 180.0;
  private final Parameter angle;

  /**
   * @param initialDegrees the starting alpha, in the open interval (0, 180)
   */
  public RotationOrbit(ImageShape shape, double initialDegrees, int samples, EpsilonSource epsilons) {
    super(shape, samples, epsilons);
    if (!(initialDegrees > 0 && initialDegrees < MAX_DEGREES)) {
      throw new IllegalArgumentException("initial angle range must be in (0, 180) degrees, got " + initialDegrees);
    }
    this.angle = addParameter("angle", Parameter.interval(Matrix.scalar(initialDegrees), 0, MAX_DEGREES));
  }

  /** alpha, the half-width of the angle range in degrees. */
  public Parameter angle() {
    return angle;
  }

  @Override
  public int epsilonDim() {
    return 1;
  }

  @Override
  protected Var affineFromChecked(Matrix eps) {
    Var radians = symmetricColumn(eps, 0).mul(angle.var()).mulScalar(Math.PI / 180.0);
    Var c = radians.cos();
    Var s = radians.sin();
    Var zero = zeros(eps.rows());
    return Var.concatCols(c, s.neg(), zero, s, c, zero);
  }
}
