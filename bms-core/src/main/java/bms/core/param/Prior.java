package bms.core.param;

import bms.core.autodiff.Var;

/** A prior density on a parameter's constrained value, summed over its entries. */
public interface Prior {

  /** {@code sum_i log p(x_i)} as a differentiable scalar. */
  Var logDensity(Var constrainedValue);

  /** For summaries, such as "Gamma(2, 0.5)". */
  String describe();
}
