package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.kernels.image.ImageShape;

/**
 * Affine warps built from interpretable components, each drawn uniformly from a learned range
 * symmetric about the identity. Seven parameters, one half-width r_k per component (the published
 * code has the same seven components, but learns a lower and an upper end for each):
 * <pre>
 *   c_k = r_k (2 eps_k - 1),  eps_k ~ U(0, 1),  k = 0..6
 *   angle   theta = c_0 degrees            r_0 in (0, 180)
 *   scale   s_x = exp(c_1), s_y = exp(c_2)  r_1, r_2 in (0, 1)   (log-scale, so 1/s and s are equally likely)
 *   shear   h_x = c_3, h_y = c_4            r_3, r_4 in (0, 1)
 *   shift   t_x = c_5, t_y = c_6            r_5, r_6 in (0, 1)   (normalised units: 1 = half the image)
 *   A = R(theta) [[1, 0], [h_y, 1]] [[1, h_x], [0, 1]] diag(s_x, s_y),   b = (t_x, t_y),
 * </pre>
 * so that output pixel (u, v) reads the source point A (u, v) + b. Every half-width is
 * sigmoid-constrained to its interval. To leave a component out, start it small and freeze it
 * ({@code setTrainable(false)}).
 */
public final class InterpretableAffineOrbit extends AffineOrbit {
  /** The seven half-widths, in the order above. */
  public record Ranges(double angle, double logScaleX, double logScaleY, double shearX, double shearY,
      double shiftX, double shiftY) {
    double[] toArray() {
      return new double[] {angle, logScaleX, logScaleY, shearX, shearY, shiftX, shiftY};
    }

    /** The same small half-width {@code r} on every component (the angle in degrees is 180 r). */
    public static Ranges small(double r) {
      return new Ranges(180 * r, r, r, r, r, r, r);
    }
  }

  static final String[] NAMES = {"angle", "logScaleX", "logScaleY", "shearX", "shearY", "shiftX", "shiftY"};
  static final double[] UPPER = {180, 1, 1, 1, 1, 1, 1};
  private final Parameter[] ranges = new Parameter[NAMES.length];

  public InterpretableAffineOrbit(ImageShape shape, Ranges initial, int samples, EpsilonSource epsilons) {
    super(shape, samples, epsilons);
    double[] init = initial.toArray();
    for (int k = 0; k < NAMES.length; k++) {
      if (!(init[k] > 0 && init[k] < UPPER[k])) {
        throw new IllegalArgumentException("initial " + NAMES[k] + " range must be in (0, " + UPPER[k] + "), got "
            + init[k]);
      }
      ranges[k] = addParameter(NAMES[k], Parameter.interval(Matrix.scalar(init[k]), 0, UPPER[k]));
    }
  }

  /** The half-width parameter of component k (0 = angle ... 6 = shiftY). */
  public Parameter range(int k) {
    return ranges[k];
  }

  public Parameter angle() {
    return ranges[0];
  }

  @Override
  public int epsilonDim() {
    return NAMES.length;
  }

  @Override
  protected Var affineFromChecked(Matrix eps) {
    Var[] c = new Var[NAMES.length];
    for (int k = 0; k < c.length; k++) c[k] = symmetricColumn(eps, k).mul(ranges[k].var());
    Var rad = c[0].mulScalar(Math.PI / 180.0);
    Var cos = rad.cos(), sin = rad.sin();
    Var sx = c[1].exp(), sy = c[2].exp();
    Var hx = c[3], hy = c[4];
    Var onePlus = hx.mul(hy).addScalar(1.0);
    Var a0 = sx.mul(cos.sub(hy.mul(sin)));
    Var a1 = sy.mul(hx.mul(cos).sub(onePlus.mul(sin)));
    Var a3 = sx.mul(sin.add(hy.mul(cos)));
    Var a4 = sy.mul(hx.mul(sin).add(onePlus.mul(cos)));
    return Var.concatCols(a0, a1, c[5], a3, a4, c[6]);
  }
}
