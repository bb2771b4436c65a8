package bms.dgp.natgrad;

/**
 * The coordinates in which a natural-gradient step on q(u) = N(m, S) is a straight line
 * (Salimbeni, Eleftheriadis and Hensman 2018, section 3). The direction is the same to first
 * order; the step is not. With the natural parameters a step of size 1 on a conjugate
 * (Gaussian-likelihood) bound lands on the optimal q exactly.
 */
public enum QParameterisation {
  /** theta = (S^-1 m, -S^-1 / 2): theta' = theta + gamma dL/d eta. */
  NATURAL,
  /** eta = (m, S + m m^T): eta' = eta + gamma (d eta / d theta) dL/d eta. */
  EXPECTATION
}
