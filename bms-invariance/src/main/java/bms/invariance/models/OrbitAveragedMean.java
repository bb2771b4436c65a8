package bms.invariance.models;

import bms.core.autodiff.Var;
import bms.dgp.meanfunctions.MeanFunction;
import bms.invariance.kernels.Invariant;

/**
 * The orbit average of a mean function, m_f(x) = E_a m(t(x; a)), estimated by
 * 1/S sum_s m(t(x; a_s)) over the draws the {@link Invariant} kernel uses for the same input
 * node (its memoised {@link Invariant#sample}), so that a layer's output
 * f_hat(x) = 1/S sum_s [m(t(x; a_s)) + g(t(x; a_s))] averages one function over one set of
 * transformations. A mean function of the untransformed x (such as the PCA projection deep GPs
 * put on their first layer) would break the invariance the kernel builds in.
 */
public final class OrbitAveragedMean extends MeanFunction {
  private final MeanFunction inner;
  private final Invariant kernel;

  /** {@code kernel} supplies the draws; it is not registered here (the layer owns it). */
  public OrbitAveragedMean(MeanFunction inner, Invariant kernel) {
    this.inner = addModule("inner", java.util.Objects.requireNonNull(inner, "inner"));
    this.kernel = java.util.Objects.requireNonNull(kernel, "kernel");
  }

  public MeanFunction inner() {
    return inner;
  }

  @Override
  public Var apply(Var x, int outputDim) {
    var draws = kernel.sample(x);
    return inner.apply(draws.all(), outputDim).groupMean(draws.samples());
  }

  @Override
  public boolean isZero() {
    return inner.isZero();
  }
}
