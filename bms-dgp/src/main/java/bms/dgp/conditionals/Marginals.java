package bms.dgp.conditionals;

import bms.core.autodiff.Var;

/** Marginal means and variances of K latent functions at N points: both N x K. */
public record Marginals(Var mean, Var variance) {
  public Marginals {
    if (mean.rows() != variance.rows() || mean.cols() != variance.cols()) {
      throw new IllegalArgumentException("mean " + mean.value().shapeString() + " and variance "
          + variance.value().shapeString() + " must have the same shape");
    }
  }

  public int size() {
    return mean.rows();
  }

  public int latentCount() {
    return mean.cols();
  }
}
