package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * The polynomial kernel (sum_d v_d x_d x'_d + c)^degree, with ARD variances v, an offset c and a
 * fixed integer degree (as in GPflow).
 */
public final class Polynomial extends Kernel {
  private final int degree;
  private final Linear linear;
  private final Parameter offset;

  /** @param variance 1 x D or 1 x 1 (positive); @param offset c (positive) */
  public Polynomial(int degree, Matrix variance, double offset, int[] activeDims) {
    super(activeDims);
    if (degree < 1) {
      throw new IllegalArgumentException("Polynomial degree must be >= 1, got " + degree);
    }
    this.degree = degree;
    // The linear part reads the already-selected columns, so it has no active dims of its own.
    this.linear = addModule("linear", new Linear(variance, null));
    this.offset = addParameterFrom("offset", () -> Parameter.positive(offset));
  }

  public Polynomial(int degree, double variance, double offset) {
    this(degree, Matrix.scalar(variance), offset, null);
  }

  public int degree() {
    return degree;
  }

  public Parameter variance() {
    return linear.variance();
  }

  public Parameter offset() {
    return offset;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    return linear.computeK(x, x2).add(offset.var()).pow(degree);
  }

  @Override
  protected Var computeKdiag(Var x) {
    return linear.computeKdiag(x).add(offset.var()).pow(degree);
  }
}
