package bms.dgp.meanfunctions;

import bms.core.autodiff.Var;

/** m(x) = x: the mean of deep-GP hidden layers whose input and output widths are equal. */
public final class Identity extends MeanFunction {
  @Override
  public Var apply(Var x, int outputDim) {
    if (x.cols() != outputDim) {
      throw new IllegalArgumentException("identity mean needs as many outputs as inputs: " + x.cols() + " inputs, "
          + outputDim + " outputs; use a Linear mean where the width changes");
    }
    return x;
  }
}
