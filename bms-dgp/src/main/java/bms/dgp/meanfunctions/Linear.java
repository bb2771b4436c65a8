package bms.dgp.meanfunctions;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * m(x) = x A + b with A (D x K) and b (1 x K). Deep GPs use a fixed (non-trainable) A, the
 * PCA projection of the inputs, where a layer changes width.
 */
public final class Linear extends MeanFunction {
  private final Parameter a;
  private final Parameter b;

  public Linear(Matrix a, Matrix b) {
    if (b.rows() != 1 || b.cols() != a.cols()) {
      throw new IllegalArgumentException("linear mean: b must be 1 x " + a.cols() + " to match A " + a.shapeString()
          + ", got " + b.shapeString());
    }
    this.a = addParameterFrom("A", () -> Parameter.unconstrained(a));
    this.b = addParameterFrom("b", () -> Parameter.unconstrained(b));
  }

  public Linear(Matrix a) {
    this(a, new Matrix(1, a.cols()));
  }

  /** A fixed projection x A: neither A nor b is trained. */
  public static Linear fixed(Matrix a) {
    Linear l = new Linear(a);
    l.a.setTrainable(false);
    l.b.setTrainable(false);
    return l;
  }

  public Parameter a() {
    return a;
  }

  public Parameter b() {
    return b;
  }

  @Override
  public Var apply(Var x, int outputDim) {
    Var av = a.var();
    if (x.cols() != av.rows()) {
      throw new IllegalArgumentException("linear mean: inputs have " + x.cols() + " columns but A is "
          + av.value().shapeString());
    }
    if (av.cols() != outputDim) {
      throw new IllegalArgumentException("linear mean has " + av.cols() + " outputs but " + outputDim + " are needed");
    }
    return x.matmul(av).add(b.var());
  }
}
