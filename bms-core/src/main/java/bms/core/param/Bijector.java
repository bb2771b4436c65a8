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

  /**
   * {@code log |d forward(u) / d u|} summed over the entries, as a differentiable scalar. A prior
   * on the constrained value x adds it, so that {@code log p(x(u)) + log |dx/du|} is the log
   * density of the unconstrained value u, the space the optimiser works in (as GPflow does).
   * Bijectors that cannot supply it cannot carry a prior.
   */
  default Var logDetJacobian(Var unconstrained) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " (" + describe()
        + ") has no log-Jacobian, so a parameter using it cannot have a prior");
  }

  /** A short description for summaries, such as "softplus(>1e-06)". */
  String describe();
}
