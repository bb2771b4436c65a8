package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.param.Module;

/**
 * A set of transformations t(.; a) of the inputs that a function should be (approximately)
 * invariant to, in the sense of van der Wilk et al. (2018):
 * <pre>
 *   f(x) = E_{a ~ p(a | theta)} g(t(x; a)).
 * </pre>
 * {@link #apply} maps N inputs to (N*S) transformed inputs, item-major (row {@code n * S + s} is
 * input n under transformation s), so that {@code groupMean(S)} averages over the orbit.
 *
 * <p>A finite orbit returns all of its G elements on every call ({@link #isExact()}), so averages
 * over it are exact; a sampled orbit draws S transformations per input, and averages over it are
 * Monte Carlo estimates. An orbit is a {@link Module}: the parameters theta of a learned
 * distribution over transformations are named, constrained, trainable parameters.
 */
public abstract class Orbit extends Module {

  /** S: the number of transformed copies {@link #apply} makes of each input. */
  public abstract int samplesPerInput();

  /**
   * Whether {@link #apply} returns the whole orbit, each element once, so that averages over its
   * output are the exact expectations (uniform weight on each element).
   */
  public abstract boolean isExact();

  /** The transformed inputs: N x D to (N*S) x D', item-major. */
  public abstract Var apply(Var x);
}
