/**
 * Orbits: the sets of input transformations an invariant function averages over
 * (van der Wilk et al. 2018; docs/BACKGROUND.md section 6).
 *
 * <p>Exact (finite) orbits for strict invariance: {@link bms.invariance.orbits.PermutationOrbit}
 * (90-degree rotations, flips, dihedral group, swapped input dimensions, any permutation group)
 * and {@link bms.invariance.orbits.MapOrbit} (any finite set of maps). Sampled orbits for
 * learned, weak invariance draw a_s = h(eps_s, theta) with eps from an explicit seeded
 * {@link bms.invariance.orbits.EpsilonSource}: {@link bms.invariance.orbits.RotationOrbit} (one
 * angle range), {@link bms.invariance.orbits.InterpretableAffineOrbit} (seven ranges),
 * {@link bms.invariance.orbits.GeneralAffineOrbit} (bounds on the six affine entries) and
 * {@link bms.invariance.orbits.SubsampledOrbit} (uniform draws from a finite group). For
 * training, {@link bms.invariance.orbits.EpsilonSource#perEvaluation()} draws from the random
 * stream of each evaluation ({@link bms.invariance.orbits.StreamEpsilons}), so runs are
 * reproducible from their seed and resume from checkpoints with the same draws.
 */
package bms.invariance.orbits;
