package bms.dgp.objectives;

import bms.core.autodiff.Var;
import bms.core.param.Module;
import bms.dgp.data.Dataset;
import bms.dgp.models.VariationalModel;
import bms.dgp.random.RandomStream;

/**
 * The evidence lower bound of a {@link VariationalModel} on a dataset, estimated without bias
 * from a minibatch of B of the N points (docs/BACKGROUND.md sections 2 and 3):
 * ELBO ~= (N / B) sum_{n in batch} E_q[log p(y_n | f_n)] - KL.
 *
 * <p>{@code evaluate(null, rng)} is the full-batch bound on all N points: the total, as GPflow's
 * {@code elbo()}; GPyTorch's {@code VariationalELBO} reports it divided by N.
 */
public final class Elbo implements Objective {
  private final VariationalModel model;
  private final Dataset data;

  public Elbo(VariationalModel model, Dataset data) {
    if (!(model instanceof Module)) {
      throw new IllegalArgumentException("the model must be a Module, got " + model.getClass().getName());
    }
    model.likelihood().checkTargets(data.y(), "Y");
    this.model = model;
    this.data = data;
  }

  public VariationalModel model() {
    return model;
  }

  public Dataset data() {
    return data;
  }

  @Override
  public Module module() {
    return (Module) model;
  }

  @Override
  public int numData() {
    return data.size();
  }

  @Override
  public boolean supportsMinibatches() {
    return true;
  }

  @Override
  public Var evaluate(int[] batch, RandomStream rng) {
    Dataset d = batch == null ? data : data.subset(batch);
    Var ell = model.expectedLogLikelihood(d.x(), d.y(), rng);
    double scale = (double) data.size() / d.size();
    return (scale == 1.0 ? ell : ell.mulScalar(scale)).sub(model.priorKL());
  }
}
