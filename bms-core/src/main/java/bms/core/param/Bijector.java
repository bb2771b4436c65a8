package bms.core.param;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * A smooth invertible map from an unconstrained space (where optimisers work) to a parameter's
 * constrained space (positive values, an interval, triangular matrices).
 */
public interface Bijector {

  /** The constrained value, differentiable with respect to {@code unconstrained}. */
  Var forward(Var unconstrained);

  /** The constrained value of a plain matrix. */
  default Matrix forward(Matrix unconstrained) {
    return forward(Var.constant(unconstrained)).value();
  }

  /**
   * The unconstrained value whose image is {@code constrained}; throws an
   * IllegalArgumentException naming the first bad entry when it is outside the domain.
   */
  Matrix inverse(Matrix constrained);

  /** A short description for summaries, such as "softplus(>1e-06)". */
  String describe();
}
