package bms.kernels.inducing;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;

/** Inducing points u = f(Z), Z an M x D trainable parameter in the kernel's input space. */
public class InducingPoints extends Module implements InducingVariables {
  private final Parameter z;

  public InducingPoints(Matrix z) {
    if (z.rows() == 0) {
      throw new IllegalArgumentException("inducing points need at least one row, got " + z.shapeString());
    }
    this.z = addParameterFrom("Z", () -> Parameter.unconstrained(z));
  }

  public Parameter z() {
    return z;
  }

  @Override
  public int size() {
    return z.rows();
  }
}
