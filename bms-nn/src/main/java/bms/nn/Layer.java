package bms.nn;

import bms.core.autodiff.Var;
import bms.core.param.Module;

/**
 * One layer of a feed-forward network: a differentiable map from N x D_in inputs (one example per
 * row) to N x D_out outputs. Images travel as rows in the height x width x channels layout of
 * {@link bms.kernels.image.ImageShape}, so convolutions, pooling and dense layers chain
 * without reshaping. Weights are {@link bms.core.param.Parameter}s of the {@link Module} tree, so
 * Adam, L-BFGS and checkpoints see them like any other parameter.
 */
public abstract class Layer extends Module {

  /** The layer applied to every row of {@code x}. */
  public abstract Var forward(Var x);

  /**
   * D_out for inputs of {@code inputSize} columns; throws an {@link IllegalArgumentException}
   * naming the layer and both sizes when this layer cannot take such inputs.
   */
  public abstract int outputSize(int inputSize);

  /** Throws unless x has {@code expected} columns. */
  protected final void requireColumns(Var x, int expected) {
    if (x.cols() != expected) {
      throw new IllegalArgumentException(describe() + " expects inputs with " + expected + " columns, got "
          + x.value().shapeString());
    }
  }

  /** Throws unless {@code inputSize == expected}. */
  protected final int requireInputSize(int inputSize, int expected, int output) {
    if (inputSize != expected) {
      throw new IllegalArgumentException(describe() + " expects " + expected + " inputs, got " + inputSize);
    }
    return output;
  }

  /** The layer and its shapes, for error messages and summaries. */
  public abstract String describe();
}
