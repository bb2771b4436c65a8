package bms.core.autodiff;

import bms.core.matrix.Matrix;

/**
 * The backward pass of one operation: given dL/d(output), hands dL/d(input) to the sink. The
 * incoming gradient may be shared with other nodes, so it must be read, never written; it may be
 * passed on to the sink as it is.
 */
@FunctionalInterface
public interface BackwardFn {
  void apply(Matrix gradOutput, GradientSink sink);
}
