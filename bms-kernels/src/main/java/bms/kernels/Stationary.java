package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * Stationary kernels k(x, x') = variance * f(r), with r^2 = sum_d ((x_d - x'_d) / l_d)^2 and
 * ARD lengthscales l (one per active dimension, or a single shared one).
 */
public abstract class Stationary extends Kernel {
  protected final Parameter variance;
  protected final Parameter lengthscales;

  /**
   * @param variance the signal variance s_f^2 (positive)
   * @param lengthscales 1 x D for ARD, or 1 x 1 shared across dimensions (positive)
   */
  protected Stationary(double variance, Matrix lengthscales, int[] activeDims) {
    super(activeDims);
    if (lengthscales.rows() != 1) {
      throw new IllegalArgumentException("lengthscales must be a 1 x D row, got " + lengthscales.shapeString());
    }
    this.variance = addParameterFrom("variance", () -> Parameter.positive(variance));
    this.lengthscales = addParameterFrom("lengthscales", () -> Parameter.positive(lengthscales));
  }

  public Parameter variance() {
    return variance;
  }

  public Parameter lengthscales() {
    return lengthscales;
  }

  /** Inputs divided by the lengthscales (r^2 is the squared distance between scaled inputs). */
  public final Var scaledInputs(Var x) {
    return scale(x);
  }

  /** Inputs divided by the lengthscales, checking the ARD width matches the data. */
  protected Var scale(Var x) {
    Var l = lengthscales.var();
    if (l.cols() != 1 && l.cols() != x.cols()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " has " + l.cols()
          + " lengthscales but the input has " + x.cols() + " (active) columns");
    }
    return x.div(l);
  }

  /** r^2 between rows of x and x2 (through matrix products, clamped at 0). */
  protected Var scaledSquaredDistance(Var x, Var x2) {
    Var a = scale(x);
    Var b = x2 == x ? a : scale(x2);
    return a.squaredDistances(b);
  }

  @Override
  protected Var computeKdiag(Var x) {
    return variance.var().mul(Var.constant(Matrix.ones(x.rows(), 1)));
  }
}
