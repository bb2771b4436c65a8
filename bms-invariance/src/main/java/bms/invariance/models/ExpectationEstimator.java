package bms.invariance.models;

/**
 * How {@link InvariantSVGP} estimates E_q[log p(y_n | f(x_n))] when f(x) = E_a g(t(x; a)) is
 * known only through S sampled transformations a_1..a_S of each input.
 */
public enum ExpectationEstimator {
  /**
   * The talk's procedure, for any likelihood: f(x) is estimated by f_hat(x) = 1/S sum_s
   * g(t(x; a_s)), whose marginal under q(u) is Gaussian with mean kbar^T Kuu^-1 m and variance
   * from the all-pairs diagonal 1/S^2 sum_{s,s'} k_g(t_s, t_s'); the likelihood's own expectation
   * is taken under it. This is the exact bound of the model that uses f_hat; as an estimate of
   * the invariant model's bound it is biased low (f_hat carries Monte Carlo variance, which
   * E[(y - f_hat)^2] counts as error), by a term that shrinks as 1/S.
   */
  SAMPLE_AVERAGE,

  /**
   * For a Gaussian likelihood: the unbiased estimate of E_q[log N(y | f(x), s2)] of the invariant
   * model itself, from the same S draws (needs S >= 2); see {@link UnbiasedGaussianExpectation}.
   * The estimate of the bound is then unbiased for every S, and so are its gradients.
   */
  UNBIASED_GAUSSIAN
}
