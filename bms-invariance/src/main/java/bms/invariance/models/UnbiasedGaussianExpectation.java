package bms.invariance.models;

import bms.core.autodiff.Var;
import bms.dgp.conditionals.Marginals;

/**
 * The unbiased estimate of the Gaussian variational expectation of an invariant sparse GP
 * (van der Wilk, Bauer, John and Hensman 2018) from S sampled transformations per input.
 *
 * <p>With f(x) = E_a g(t(x; a)), inducing variables u = g(Z) and q(u), the marginal of f(x)
 * under q is N(mu, v) with, for the whitened form (A = Lu^-1 k_uf, Lu = chol(Kuu)),
 * <pre>
 *   mu = A^T m,    v = k_ff - A^T A + A^T S_q A,
 *   k_uf = E_a k_g(Z, t(x; a)),    k_ff = E_a E_a' k_g(t(x; a), t(x; a')),
 * </pre>
 * and E_q[log N(y | f, s2)] = -1/2 log(2 pi s2) - E_q[(y - f)^2] / (2 s2), with
 * <pre>
 *   E_q[(y - f)^2] = y^2 - 2 y mu + mu^2 + v = y^2 - 2 y mu + E_q[f^2].
 * </pre>
 * mu is linear in k_uf, so the sample mean kbar = 1/S sum_s k_s (k_s = k_g(Z, t(x; a_s)))
 * estimates it without bias. E_q[f^2] is not linear:
 * <pre>
 *   E_q[f^2] = mu^2 + v = k_ff + k_uf^T Q k_uf,    Q = Lu^-T (m m^T + S_q - I) Lu^-1,
 * </pre>
 * a double expectation over (a, a') plus a form quadratic in k_uf. Plugging one sample mean into
 * both factors of a product adds the Monte Carlo variance of the estimate (the naive plug-in
 * bound is biased low). A product of two expectations is estimated without bias by the product
 * of two INDEPENDENT estimates; with S independent draws, every pair s != s' is such a pair of
 * independent sample sets, and their average (a U-statistic) is the lowest-variance unbiased
 * estimate that one draw set gives:
 * <pre>
 *   E_q[f^2] ~= 1/(S(S-1)) sum_{s != s'} T(s, s'),
 *   T(s, s') = k_g(t_s, t_s') - a_s^T a_s' + a_s^T S_q a_s' + (a_s^T m)(a_s'^T m),   a_s = Lu^-1 k_s,
 * </pre>
 * i.e. E_q[g(t_s) g(t_s')] as if the two arguments came from separate draws. (Two separately
 * drawn sets, paired only across, give an unbiased estimate too; the pairwise average over one
 * set is the mean of such pairings over all ways of splitting it, so it never has more
 * variance, and it needs no second warp of the inputs.) Because T is a bilinear form in the
 * per-sample quantities, the off-diagonal sum is the full double sum minus its diagonal, and both
 * are sparse-GP marginals we already compute:
 * <pre>
 *   sum_{s,s'} T(s, s') = S^2 (vbar + mubar^2)        (marginals of f_hat = 1/S sum_s g(t_s))
 *   sum_s T(s, s)       = sum_s (v_s + mu_s^2)        (marginals of g at each t_s)
 *   E_q[f^2] ~= (S (vbar + mubar^2) - mean_s (v_s + mu_s^2)) / (S - 1).
 * </pre>
 * So the unbiased estimate is the Gaussian expectation with mean mubar and the corrected variance
 * <pre>
 *   v~ = E_q[f^2]~ - mubar^2 = (S vbar + mubar^2 - mean_s (v_s + mu_s^2)) / (S - 1),
 * </pre>
 * which is linear in every term of the ELBO, so its gradient is unbiased too. v~ is an unbiased
 * estimate of a variance, not a variance: for small S it can come out negative, which is fine
 * inside the Gaussian expectation (it enters linearly) but not inside other likelihoods.
 *
 * <p>A prior mean function of g, f(x) = E_a [m(t(x; a)) + g(t(x; a))], is carried by the
 * marginals: mu_s includes m(t_s) and mubar their mean, and T(s, s') gains the products of the
 * means, so the same formula stays unbiased; a mean that is the same for every s cancels.
 */
public final class UnbiasedGaussianExpectation {
  private UnbiasedGaussianExpectation() {}

  /**
   * v~ from the marginals of f_hat (N x K, {@code averaged}) and of g at every transformed input
   * ((N*S) x K item-major, {@code perSample}), means including the prior mean of g if any.
   */
  public static Var correctedVariance(Marginals averaged, Marginals perSample, int s) {
    if (s < 2) {
      throw new IllegalArgumentException("the unbiased Gaussian expectation needs S >= 2 samples per input, got S = "
          + s + "; raise the orbit's samples or use ExpectationEstimator.SAMPLE_AVERAGE");
    }
    int n = averaged.mean().rows(), k = averaged.mean().cols();
    if (perSample.mean().rows() != n * s || perSample.mean().cols() != k) {
      throw new IllegalArgumentException("per-sample marginals must be " + n * s + "x" + k + " (N*S x K) to match "
          + n + "x" + k + " averaged marginals and S = " + s + ", got " + perSample.mean().value().shapeString());
    }
    Var perSecond = perSample.variance().add(perSample.mean().square()).groupMean(s);
    return averaged.variance().mulScalar(s).add(averaged.mean().square()).sub(perSecond).divScalar(s - 1.0);
  }
}
