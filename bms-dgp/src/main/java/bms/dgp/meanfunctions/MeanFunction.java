package bms.dgp.meanfunctions;

import bms.core.autodiff.Var;
import bms.core.param.Module;

/** The prior mean m(X) of the latent GPs: N x D inputs to N x K outputs. */
public abstract class MeanFunction extends Module {

  /** m(X) for the rows of {@code x}, an N x {@code outputDim} node. */
  public abstract Var apply(Var x, int outputDim);

  /** Whether m is identically zero (models then skip the addition). */
  public boolean isZero() {
    return false;
  }
}
