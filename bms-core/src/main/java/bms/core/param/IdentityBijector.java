package bms.core.param;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** No constraint. */
public final class IdentityBijector implements Bijector {
  public static final IdentityBijector INSTANCE = new IdentityBijector();

  private IdentityBijector() {}

  @Override
  public Var forward(Var unconstrained) {
    return unconstrained;
  }

  @Override
  public Matrix inverse(Matrix constrained) {
    return constrained.copy();
  }

  @Override
  public Var logDetJacobian(Var unconstrained) {
    return Var.constant(0.0);
  }

  @Override
  public String describe() {
    return "identity";
  }
}
