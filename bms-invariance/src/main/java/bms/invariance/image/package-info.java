/**
 * Images as matrix rows ({@link bms.kernels.image.ImageShape}) and the differentiable affine
 * warp ({@link bms.invariance.image.AffineWarp}) that sampled orbits use: bilinear sampling
 * with zeros outside, align-corners normalised coordinates in [-1, 1], analytic gradients with
 * respect to the pixels and the six affine parameters.
 */
package bms.invariance.image;
