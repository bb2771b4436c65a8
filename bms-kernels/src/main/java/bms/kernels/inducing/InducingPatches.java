package bms.kernels.inducing;

import bms.core.matrix.Matrix;

/**
 * Inter-domain inducing patches for convolutional kernels: u_m = g(z_m), the patch response
 * function at a point z_m of patch space (M x patchSize, trainable). Their covariances with a
 * convolutional kernel are registered in {@link bms.kernels.covariances.Covariances}:
 * Kuu = k_g(Z, Z), Kuf[m, n] = (1/P) sum_p w_p k_g(z_m, x_n[p]).
 */
public class InducingPatches extends InducingPoints {

  public InducingPatches(Matrix z) {
    super(z);
  }
}
