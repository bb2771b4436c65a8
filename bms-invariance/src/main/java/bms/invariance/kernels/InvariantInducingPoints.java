package bms.invariance.kernels;

import bms.core.matrix.Matrix;
import bms.kernels.inducing.InducingPoints;

/**
 * Inducing points of the non-invariant function g, u = g(Z), for an {@link Invariant} kernel:
 * Z lives in g's input space (untransformed images), and
 * <pre>
 *   Kuu = k_g(Z, Z),   Kuf[m, n] = cov(g(z_m), f(x_n)) = E_a k_g(z_m, t(x_n; a)).
 * </pre>
 * With plain {@link InducingPoints} an Invariant kernel would instead use u = f(Z) (Kuu = k_f(Z, Z)),
 * which is correct but costs S^2 times more and is noisy on a sampled orbit.
 */
public class InvariantInducingPoints extends InducingPoints {
  static {
    InvariantCovariances.register();
  }

  public InvariantInducingPoints(Matrix z) {
    super(z);
  }
}
