package bms.dgp.objectives;

import bms.core.autodiff.Var;
import bms.core.param.Module;
import bms.dgp.random.RandomStream;

/**
 * A scalar to maximise over a model's trainable parameters: a marginal likelihood or a lower
 * bound on one. Kept apart from the models (as GPyTorch's mlls), so one model can be trained by
 * different objectives and a trainer needs to know nothing about the model.
 */
public interface Objective {

  /** The module whose trainable parameters the objective depends on. */
  Module module();

  /** The number of training points N. */
  int numData();

  /**
   * The objective on the training points picked by {@code batch} (indices into the training
   * data), or on all of them when {@code batch} is null; Monte Carlo noise comes from
   * {@code rng}. Full-batch objectives (GPR, SGPR) accept only null.
   */
  Var evaluate(int[] batch, RandomStream rng);

  /** Whether {@link #evaluate} accepts minibatches. */
  boolean supportsMinibatches();
}
