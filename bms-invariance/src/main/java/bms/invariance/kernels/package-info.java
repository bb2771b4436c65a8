/**
 * The invariant kernel k_f(x, x') = E_a E_a' k_g(t(x; a), t(x'; a'))
 * ({@link bms.invariance.kernels.Invariant}) and its inter-domain inducing points in g's input
 * space ({@link bms.invariance.kernels.InvariantInducingPoints}, Kuu = k_g(Z, Z),
 * Kuf = E_a k_g(Z, t(x; a))), registered with the kernels module's covariance registry.
 */
package bms.invariance.kernels;
