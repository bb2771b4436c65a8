package bms.core.autodiff;

import bms.core.matrix.Matrix;

/** The backward pass of one operation: given dL/d(output), hands dL/d(input) to the sink. */
@FunctionalInterface
public interface BackwardFn {
  void apply(Matrix gradOutput, GradientSink sink);
}
