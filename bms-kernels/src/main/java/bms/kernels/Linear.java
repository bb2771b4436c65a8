package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/** The linear kernel with ARD variances: sum_d v_d x_d x'_d (Bayesian linear regression). */
public final class Linear extends Kernel {
  private final Parameter variance;

  /** @param variance 1 x D for ARD, or 1 x 1 shared (positive) */
  public Linear(Matrix variance, int[] activeDims) {
    super(activeDims);
    if (variance.rows() != 1) {
      throw new IllegalArgumentException("Linear variance must be a 1 x D row, got " + variance.shapeString());
    }
    this.variance = addParameterFrom("variance", () -> Parameter.positive(variance));
  }

  public Linear(Matrix variance) {
    this(variance, null);
  }

  public Linear(double variance) {
    this(Matrix.scalar(variance), null);
  }

  public Parameter variance() {
    return variance;
  }

  /** The variances, checked against the input width. */
  Var checkedVariance(Var x) {
    Var v = variance.var();
    if (v.cols() != 1 && v.cols() != x.cols()) {
      throw new IllegalArgumentException("Linear has " + v.cols() + " variances but the input has " + x.cols()
          + " (active) columns");
    }
    return v;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    return x.mul(checkedVariance(x)).matmult(x2);
  }

  @Override
  protected Var computeKdiag(Var x) {
    return x.square().mul(checkedVariance(x)).rowSums();
  }
}
