package bms.invariance.testing;

import bms.core.matrix.Matrix;
import bms.core.param.LowerTriangularBijector;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.AffineOrbit;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.GeneralAffineOrbit;
import bms.invariance.orbits.InterpretableAffineOrbit;
import bms.invariance.orbits.RotationOrbit;
import java.util.Map;
import java.util.Random;

/** Random sampled orbits, fixed off-kink noise and parameter perturbations for model tests. */
public final class InvariantCases {
  private InvariantCases() {}

  /** A rotation, interpretable-affine or general-affine orbit (picked by {@code kind} mod 3). */
  public static AffineOrbit affineOrbit(int kind, RandomCases rc, ImageShape shape, int samples) {
    EpsilonSource placeholder = EpsilonSource.seeded(rc.seed());
    return switch (Math.floorMod(kind, 3)) {
      case 0 -> new RotationOrbit(shape, 10 + 150 * rc.rng().nextDouble(), samples, placeholder);
      case 1 -> new InterpretableAffineOrbit(shape, new InterpretableAffineOrbit.Ranges(10 + 150 * rc.rng().nextDouble(),
          0.05 + 0.3 * rc.rng().nextDouble(), 0.05 + 0.3 * rc.rng().nextDouble(), 0.05 + 0.3 * rc.rng().nextDouble(),
          0.05 + 0.3 * rc.rng().nextDouble(), 0.05 + 0.3 * rc.rng().nextDouble(), 0.05 + 0.3 * rc.rng().nextDouble()),
          samples, placeholder);
      default -> GeneralAffineOrbit.aroundIdentity(shape, 0.05 + 0.3 * rc.rng().nextDouble(), samples, placeholder);
    };
  }

  /**
   * Eps for {@code inputs} inputs of {@code orbit} whose warps keep every source coordinate at
   * least {@link WarpCases#KINK_MARGIN} pixels from an integer, where bilinear interpolation has
   * its derivative jumps; finite differences are valid there.
   */
  public static Matrix offKinkEps(RandomCases rc, AffineOrbit orbit, int inputs) {
    int rows = inputs * orbit.samples();
    for (int attempt = 0; attempt < 5000; attempt++) {
      Matrix e = rc.uniform(rows, orbit.epsilonDim(), 0, 1);
      if (WarpCases.minDistanceToInteger(orbit.affine(e).value(), orbit.shape()) > WarpCases.KINK_MARGIN) return e;
    }
    throw new IllegalStateException("no off-kink eps for " + inputs + " inputs and S = " + orbit.samples());
  }

  /**
   * Moves every trainable parameter away from its starting value by about {@code scale} in the
   * unconstrained space; diagonals of triangular factors are scaled, not shifted, so they keep
   * their sign.
   */
  public static void perturb(Map<String, Parameter> params, Random rng, double scale) {
    for (Parameter p : params.values()) {
      Matrix u = p.unconstrained();
      boolean triangular = p.bijector() == LowerTriangularBijector.INSTANCE;
      int cols = u.cols();
      for (int i = 0; i < u.size(); i++) {
        int r = (i / cols) % cols, c = i % cols;
        if (triangular && c > r) continue;
        if (triangular && c == r) u.data()[i] *= Math.exp(scale * rng.nextGaussian());
        else u.data()[i] += scale * rng.nextGaussian();
      }
      p.setUnconstrained(u);
    }
  }

  /** Random images of a shape, pixel values in [0, 1). */
  public static Matrix images(RandomCases rc, int n, ImageShape shape) {
    return rc.uniform(n, shape.size(), 0, 1);
  }
}
