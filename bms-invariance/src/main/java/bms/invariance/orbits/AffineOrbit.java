package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.invariance.image.AffineWarp;
import bms.kernels.image.ImageShape;
import java.util.Objects;

/**
 * A sampled orbit of affine image warps: noise becomes one affine row [a0..a5] per transformed
 * copy ({@link #affine}), and {@link AffineWarp#warpEach} applies it, so gradients flow from the
 * warped pixels through the sampling coordinates to the affine rows and on to theta.
 */
public abstract class AffineOrbit extends SampledOrbit {
  private final ImageShape shape;

  protected AffineOrbit(ImageShape shape, int samples, EpsilonSource epsilons) {
    super(samples, epsilons);
    this.shape = Objects.requireNonNull(shape, "shape");
  }

  public final ImageShape shape() {
    return shape;
  }

  /**
   * The affine rows {@code h(eps, theta)}: R x 6 in the layout of {@link AffineWarp}, one per
   * row of {@code eps} (R x P, entries in [0, 1]), differentiable with respect to theta.
   */
  public final Var affine(Matrix eps) {
    checkEpsilon(eps, eps.rows());
    return affineFromChecked(eps);
  }

  protected abstract Var affineFromChecked(Matrix eps);

  @Override
  protected final Var transform(Var x, Matrix eps) {
    shape.requireColumns("x", x.cols());
    return AffineWarp.warpEach(x, affineFromChecked(eps), shape, samples());
  }

  /** An R x 1 constant column of zeros. */
  protected static Var zeros(int rows) {
    return Var.constant(new Matrix(rows, 1));
  }
}
