package bms.kernels.inducing;

/**
 * Inducing variables u of a sparse GP: inducing points u = f(Z), or inter-domain features such
 * as inducing patches. The covariances Kuu and Kuf for a (feature, kernel) pair live in
 * {@link bms.kernels.covariances.Covariances}.
 */
public interface InducingVariables {

  /** The number M of inducing variables. */
  int size();
}
