package bms.core.autodiff;

import bms.core.matrix.Matrix;

/** Receives gradient contributions during the backward pass. */
public interface GradientSink {
  /**
   * Adds {@code grad} to the gradient of {@code target}. The sink may keep {@code grad} without
   * copying, so the caller must not modify it afterwards. Ignored when {@code target} needs no
   * gradient.
   */
  void accumulate(Var target, Matrix grad);

  /**
   * As {@link #accumulate}, for a {@code grad} the caller allocated for this call alone and
   * never shares: the sink may add other contributions into it in place, which saves copying a
   * large gradient (a full q_sqrt) that several nodes contribute to.
   */
  default void accumulateFresh(Var target, Matrix grad) {
    accumulate(target, grad);
  }

  /** Whether {@code target} needs a gradient (lets an op skip work for constant inputs). */
  default boolean wants(Var target) {
    return target.requiresGrad();
  }
}
