package bms.examples.bench;

import bms.dgp.conditionals.Conditionals;

/**
 * The floating-point work of one training step (bound, gradient and Adam update) of the study
 * models, counted analytically from the shapes: the matrix products, triangular solves and
 * factorisations the step performs, each at its dense operation count (a product of an
 * a x b and a b x c matrix is 2abc flops; a Cholesky of n is n^3/3; a triangular solve with
 * c right-hand sides of size n is n^2 c). Element-wise work (exp, the likelihood's quadrature,
 * Adam's update, the image warp) is O(entries) and not counted: it is the overhead that the
 * efficiency figure charges against the step.
 *
 * <p>Notation: M inducing points, B minibatch, D input dimension, K latent GPs of the layer,
 * P rows that enter Kuf (B, or B*S for S orbit samples, or B*patches for the convolutional
 * kernel), Q the columns of A = Lm^-1 Kuf (B: orbit samples and patches are averaged inside Kuf).
 */
final class StepFlops {
  private StepFlops() {}

  /**
   * One SVGP layer on inputs of dimension {@code d} with a stationary kernel: Kuu, Kuf, the
   * Cholesky and the explicit inverse of Lm, A = Lm^-1 Kuf, and the variance term of the
   * marginals, forward and backward.
   *
   * <ul>
   *   <li>Kuu = k(Z, Z): the -2 Z Z^T product, 2 M^2 D forward, and dZ = -2 (G + G^T) Z backward,
   *       2 M^2 D.
   *   <li>Kuf = k(Z, X) for P rows: 2 M P D forward; dZ (and dX when the inputs depend on
   *       parameters: orbits, deep layers) 2 M P D each.
   *   <li>chol(Kuu): M^3/3 forward, about M^3 backward (the blocked backward's solves and
   *       products).
   *   <li>A = Lm^-1 Kuf (M x Q), as the conditional computes it for these shapes: by a triangular
   *       solve, M^2 Q forward and 3 M^2 Q backward (a solve and a product); or through Lm^-1
   *       (a solve with M right-hand sides, M^3, and its backward, 2 M^3) and the product
   *       2 M^2 Q forward, 4 M^2 Q backward.
   *   <li>The variance term: {@link #varianceTerm}.
   *   <li>The mean A^T m: 2 M Q K forward, 4 M Q K backward.
   * </ul>
   */
  static double svgpLayer(int m, int p, int q, int d, int k, boolean inputsNeedGrad) {
    double mm = (double) m * m;
    double kuu = 2 * mm * d * 2;
    double kuf = 2.0 * m * p * d * (inputsNeedGrad ? 3 : 2);
    double chol = mm * m / 3.0 + mm * m;
    boolean solve = Conditionals.solveIsCheaper(m, q);
    double inverse = solve ? 0 : mm * m * 3;
    double a = solve ? 4 * mm * q : 6 * mm * q;
    double mean = 2.0 * m * q * k * 3;
    return kuu + kuf + chol + inverse + a + mean + varianceTerm(m, q, k);
  }

  /**
   * The q_sqrt part of the marginal variances for K latents with full R_k, whichever of the two
   * exact forms the conditional uses for these shapes ({@code bms.dgp.conditionals.Conditionals}):
   * <ul>
   *   <li>projected: T = [R_1 .. R_K]^T A, one (K M) x M x Q product forward, and dA = [R] H,
   *       d[R] = A H^T backward: 6 K M^2 Q in all;
   *   <li>Gram: C_k = I - R_k R_k^T (2 K M^3), W = C A (2 K M^2 Q), backward dR_k = (G_k + G_k^T) R_k
   *       (2 K M^3) and dC_k = A diag(g_k) A^T (K M^2 Q, a symmetric rank update): 4 K M^3 + 3 K M^2 Q.
   * </ul>
   * The one the conditional picks for these shapes is counted.
   */
  static double varianceTerm(int m, int q, int k) {
    double projected = 6.0 * k * m * (double) m * q;
    double gram = 4.0 * k * m * (double) m * m + 3.0 * k * m * (double) m * q;
    return Conditionals.projectedIsCheaper(m, q) ? projected : gram;
  }

  /** SVGP on D pixels with an RBF kernel, B points, K latents. */
  static double svgp(int m, int b, int d, int k) {
    return svgpLayer(m, b, b, d, k, false);
  }

  /**
   * SVGP with an invariant kernel averaged over S orbit samples: Kuf over the B S transformed
   * inputs (whose gradient reaches the orbit's parameters), plus the unbiased diagonal, the
   * S x S Gram of each point's samples (2 B S^2 D forward, twice that backward).
   */
  static double invariantSvgp(int m, int b, int s, int d, int k) {
    double kdiag = 2.0 * b * s * s * d * 3;
    return svgpLayer(m, b * s, b, d, k, true) + kdiag;
  }

  /**
   * SVGP with the weighted convolutional kernel: Kuf over the B * patches patch rows of w^2
   * pixels (weights summed inside Kuf), and Kdiag, one patches x patches Gram per image
   * (2 B patches^2 w^2 forward; the patches are data, so the backward needs no second product,
   * only the element-wise weights' and hyperparameters' gradients: counted once more, 2x in all).
   */
  static double conv(int m, int b, int patches, int patchSize, int k) {
    double kdiag = 2.0 * b * (double) patches * patches * patchSize * 2;
    return svgpLayer(m, b * patches, b, patchSize, k, false) + kdiag;
  }

  /**
   * A two-layer deep GP: a hidden layer of W GPs on D inputs (with a linear PCA mean, 2 P D W
   * each way) and an output layer of K GPs on W inputs, both over P = B S sampled points.
   */
  static double deepGp(int m, int b, int samples, int d, int width, int k) {
    int p = b * samples;
    double pcaMean = 2.0 * p * d * width * 2;
    return svgpLayer(m, p, p, d, width, false) + pcaMean + svgpLayer(m, p, p, width, k, true);
  }

  /**
   * A two-layer deep convolutional GP: a hidden convolutional layer of C GPs over the B * P1
   * patches of the digits (computed once per point, before the samples fan out; patches are
   * data, so no input gradient) with the fixed centre-pixel mean (2 B P1 w1 C each way), and a
   * weighted convolutional output layer over the B * S * P2 patches of the feature map, whose
   * inputs need gradients (Kuf 3x) and whose Kdiag, a P2 x P2 patch Gram per sample, does too
   * (2 B S P2^2 w2 forward, twice that backward).
   */
  static double deepConv(int m, int b, int samples, int patches1, int patchSize1, int channels, int patches2,
      int patchSize2, int k) {
    int p1 = b * patches1, bs = b * samples;
    double centreMean = 2.0 * p1 * patchSize1 * channels * 2;
    double kdiag = 2.0 * bs * (double) patches2 * patches2 * patchSize2 * 3;
    return svgpLayer(m, p1, p1, patchSize1, channels, false) + centreMean
        + svgpLayer(m, bs * patches2, bs, patchSize2, k, true) + kdiag;
  }
}
