package bms.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * The profile of a stationary kernel written as variance * f(r^2): f and its derivative
 * df/d(r^2), element by element. Kernels that have one expose it ({@link RadialStationary#radialFunction})
 * so that fused computations (the convolutional kernel's diagonal) can evaluate it in their own
 * loops.
 */
public record RadialFunction(DoubleUnaryOperator value, Derivative derivative) {
  /** df/d(r^2), given r^2 and the unit-variance value f(r^2) already computed (saves an exp). */
  @FunctionalInterface
  public interface Derivative {
    double apply(double r2, double value);
  }
}
