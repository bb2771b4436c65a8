package bms.core.optim;

import bms.core.autodiff.Var;

/**
 * A scalar loss to minimise (for example a negative ELBO or negative log marginal likelihood).
 * Each call builds a fresh graph from the parameters' current values, so an optimiser can change
 * the values and call again; a stochastic objective may draw a new minibatch or samples per call.
 */
@FunctionalInterface
public interface Objective {

  /** The loss as a 1x1 node, differentiable in the trainable parameters' leaves. */
  Var loss();
}
