package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.invariance.image.AffineWarp;
import bms.kernels.image.ImageShape;

/**
 * General affine warps with each of the six entries drawn independently and uniformly between a
 * learned lower and upper bound (12 unconstrained parameters, as in the published code):
 * <pre>
 *   a_k = lower_k + (upper_k - lower_k) eps_k,  k = 0..5,  layout of {@link AffineWarp}.
 * </pre>
 * The bounds are not ordered by a constraint: if they cross, the range is the same interval
 * traversed the other way, which describes the same distribution.
 */
public final class GeneralAffineOrbit extends AffineOrbit {
  private final Parameter lower;
  private final Parameter upper;

  /** @param lower, upper 1 x 6 rows of the starting bounds */
  public GeneralAffineOrbit(ImageShape shape, Matrix lower, Matrix upper, int samples, EpsilonSource epsilons) {
    super(shape, samples, epsilons);
    if (lower.rows() != 1 || lower.cols() != AffineWarp.PARAMS || !lower.sameShape(upper)) {
      throw new IllegalArgumentException("lower and upper must both be 1x6, got " + lower.shapeString() + " and "
          + upper.shapeString());
    }
    this.lower = addParameterFrom("lower", () -> Parameter.unconstrained(lower));
    this.upper = addParameterFrom("upper", () -> Parameter.unconstrained(upper));
  }

  /** Bounds identity -+ {@code halfWidth} on every entry. */
  public static GeneralAffineOrbit aroundIdentity(ImageShape shape, double halfWidth, int samples,
      EpsilonSource epsilons) {
    if (!(halfWidth >= 0) || !Double.isFinite(halfWidth)) {
      throw new IllegalArgumentException("halfWidth must be finite and >= 0, got " + halfWidth);
    }
    Matrix id = AffineWarp.identity(1);
    Matrix lo = id.copy(), hi = id.copy();
    for (int k = 0; k < AffineWarp.PARAMS; k++) {
      lo.data()[k] -= halfWidth;
      hi.data()[k] += halfWidth;
    }
    return new GeneralAffineOrbit(shape, lo, hi, samples, epsilons);
  }

  public Parameter lower() {
    return lower;
  }

  public Parameter upper() {
    return upper;
  }

  @Override
  public int epsilonDim() {
    return AffineWarp.PARAMS;
  }

  @Override
  protected Var affineFromChecked(Matrix eps) {
    Var lo = lower.var();
    return Var.constant(eps).mul(upper.var().sub(lo)).add(lo);
  }
}
