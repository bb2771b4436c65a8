package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.random.RandomStream;

/**
 * A model trained by a variational lower bound of the form
 * ELBO = (N / B) sum_{n in batch} E_q[log p(y_n | f_n)] - KL[q || p]:
 * SVGP and DeepGP. The bound itself is assembled by {@link bms.dgp.objectives.Elbo}.
 */
public interface VariationalModel {

  /** sum over the rows of (x, y) of E_q[log p(y_n | f_n)] (Monte Carlo over layers where needed). */
  Var expectedLogLikelihood(Matrix x, Matrix y, RandomStream rng);

  /** The sum of the KL divergences of all variational distributions. */
  Var priorKL();

  Likelihood likelihood();
}
