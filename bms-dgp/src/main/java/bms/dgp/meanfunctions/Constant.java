package bms.dgp.meanfunctions;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/** m(x) = c, a trainable 1 x K row (one constant per output). */
public final class Constant extends MeanFunction {
  private final Parameter c;

  public Constant(Matrix c) {
    if (c.rows() != 1) {
      throw new IllegalArgumentException("constant mean must be a 1 x K row, got " + c.shapeString());
    }
    this.c = addParameterFrom("c", () -> Parameter.unconstrained(c));
  }

  public Constant(double c) {
    this(Matrix.scalar(c));
  }

  public Parameter c() {
    return c;
  }

  @Override
  public Var apply(Var x, int outputDim) {
    Var cv = c.var();
    if (cv.cols() != 1 && cv.cols() != outputDim) {
      throw new IllegalArgumentException("constant mean has " + cv.cols() + " outputs but " + outputDim
          + " are needed");
    }
    return Var.constant(Matrix.zeros(x.rows(), outputDim)).add(cv);
  }
}
