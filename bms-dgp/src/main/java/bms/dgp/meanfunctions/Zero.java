package bms.dgp.meanfunctions;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** m(x) = 0: the usual prior mean, and the one on the last layer of a deep GP. */
public final class Zero extends MeanFunction {
  @Override
  public Var apply(Var x, int outputDim) {
    return Var.constant(Matrix.zeros(x.rows(), outputDim));
  }

  @Override
  public boolean isZero() {
    return true;
  }
}
