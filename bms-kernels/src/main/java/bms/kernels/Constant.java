package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/** The constant kernel k(x, x') = variance: a random offset shared by all points. */
public final class Constant extends Kernel {
  private final Parameter variance;

  public Constant(double variance, int[] activeDims) {
    super(activeDims);
    this.variance = addParameterFrom("variance", () -> Parameter.positive(variance));
  }

  public Constant(double variance) {
    this(variance, null);
  }

  public Parameter variance() {
    return variance;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    return Var.constant(Matrix.ones(x.rows(), x2.rows())).mul(variance.var());
  }

  @Override
  protected Var computeKdiag(Var x) {
    return Var.constant(Matrix.ones(x.rows(), 1)).mul(variance.var());
  }
}
