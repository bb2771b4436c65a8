/**
 * Models with invariant kernels (van der Wilk et al. 2018; docs/BACKGROUND.md section 6):
 * {@link bms.invariance.models.InvariantSVGP} (the talk's sample-average procedure for any
 * likelihood, and the unbiased Gaussian expectation, {@link
 * bms.invariance.models.UnbiasedGaussianExpectation}), deep GPs with an invariant first layer
 * ({@link bms.invariance.models.InvariantFirstLayer}), and the binding of orbit noise to each
 * evaluation's random stream ({@link bms.invariance.models.OrbitNoise}), which makes training
 * reproducible and resumable.
 */
package bms.invariance.models;
