package bms.nn;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import java.util.random.RandomGenerator;

/** A fully connected layer: {@code Y = X W + b}, W of shape in x out, b a 1 x out row (zero at the start). */
public final class Dense extends Layer {
  private final int in;
  private final int out;
  private final Parameter weights;
  private final Parameter bias;

  public Dense(int in, int out, Init init, RandomGenerator rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("Dense needs in and out >= 1, got " + in + " and " + out);
    }
    this.in = in;
    this.out = out;
    this.weights = addParameter("weights", Parameter.unconstrained(init.sample(in, out, in, out, rng)));
    this.bias = addParameter("bias", Parameter.unconstrained(new Matrix(1, out)));
  }

  public int inputSize() {
    return in;
  }

  public Parameter weights() {
    return weights;
  }

  public Parameter bias() {
    return bias;
  }

  @Override
  public Var forward(Var x) {
    requireColumns(x, in);
    return x.matmul(weights.var()).add(bias.var());
  }

  @Override
  public int outputSize(int inputSize) {
    return requireInputSize(inputSize, in, out);
  }

  @Override
  public String describe() {
    return "Dense(" + in + " -> " + out + ")";
  }
}
