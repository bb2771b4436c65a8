package bms.dgp.objectives;

import bms.core.autodiff.Var;
import bms.core.param.Module;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.random.RandomStream;
import java.util.function.Supplier;

/** An objective computed on all the data at once: the GPR marginal likelihood, the SGPR bound. */
public final class FullBatch implements Objective {
  private final Module module;
  private final int numData;
  private final Supplier<Var> value;

  public FullBatch(Module module, int numData, Supplier<Var> value) {
    this.module = module;
    this.numData = numData;
    this.value = value;
  }

  /** log p(y | X, theta) of an exact GP. */
  public static FullBatch marginalLikelihood(GPR model) {
    return new FullBatch(model, model.data().size(), model::logMarginalLikelihood);
  }

  /** Titsias' collapsed bound. */
  public static FullBatch collapsedBound(SGPR model) {
    return new FullBatch(model, model.data().size(), model::elbo);
  }

  @Override
  public Module module() {
    return module;
  }

  @Override
  public int numData() {
    return numData;
  }

  @Override
  public boolean supportsMinibatches() {
    return false;
  }

  @Override
  public Var evaluate(int[] batch, RandomStream rng) {
    if (batch != null) {
      throw new IllegalArgumentException("this objective is full-batch only; got a minibatch of " + batch.length
          + " of " + numData + " points");
    }
    return value.get();
  }
}
