package bms.invariance.kernels;

/**
 * How an {@link Invariant} kernel on a sampled orbit estimates k_f(x, x) from the S transformed
 * copies t(x; a_1..a_S) of x.
 */
public enum DiagonalEstimator {
  /**
   * 1/(S(S-1)) sum_{s != s'} k_g(t(x; a_s), t(x; a_s')): unbiased for
   * k_f(x, x) = E_a E_a' k_g(t(x; a), t(x; a')); needs S >= 2. The kernel's default.
   */
  UNBIASED,

  /**
   * 1/S^2 sum_{s, s'} k_g(t(x; a_s), t(x; a_s')): the exact variance of the Monte Carlo function
   * f_hat(x) = 1/S sum_s g(t(x; a_s)) for the drawn a_s. Used with Kuf from the same draws, the
   * sparse-GP marginals are those of f_hat, so their variances are never negative: the talk's
   * training procedure, and the right choice inside SVGP and deep-GP layers.
   */
  SAMPLE_AVERAGE
}
