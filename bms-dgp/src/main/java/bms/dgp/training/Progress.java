package bms.dgp.training;

/**
 * What a training callback sees.
 *
 * @param step optimiser steps completed (L-BFGS: objective evaluations)
 * @param objective the objective (ELBO or marginal likelihood, to be maximised) at that step,
 *     on that step's minibatch and noise
 * @param seconds wall-clock seconds since the run started
 * @param choleskyRetries Cholesky jitter retries on the training thread since the run started
 *     (a growing count means Kuu is close to singular: duplicated inducing points, say)
 */
public record Progress(long step, double objective, double seconds, long choleskyRetries) {}
