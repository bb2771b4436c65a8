package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.DataChecks;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Moments;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.random.RandomStream;
import bms.dgp.variational.QForm;
import bms.kernels.Kernel;
import bms.kernels.inducing.InducingVariables;

/**
 * The sparse variational GP (Hensman et al. 2013, 2015; docs/BACKGROUND.md section 2): K latent GPs
 * with a shared kernel and inducing variables, q(u) = N(m, R R^T) whitened by default, full or
 * diagonal R, and any likelihood. Trained by minibatches of the ELBO
 * (N / B) sum_batch E_q[log p(y_n | f_n)] - KL[q(u) || p(u)]; nothing N x N is ever formed.
 *
 * <p>Parameter paths: {@code kernel.*}, {@code inducing.*}, {@code mean.*}, {@code q.q_mu},
 * {@code q.q_sqrt}, {@code likelihood.*}.
 */
public final class SVGP extends Module implements VariationalModel {
  private final GPLayer layer;
  private final Likelihood likelihood;

  public SVGP(Kernel kernel, Likelihood likelihood, InducingVariables inducing, MeanFunction meanFunction,
      int numLatent, QForm form, boolean whiten) {
    this(kernel, likelihood, inducing, meanFunction, numLatent, form, whiten, 0.0);
  }

  /**
   * With a fixed white-noise variance added to Kuu's diagonal and to the latent variances, in
   * training and prediction alike: GPyTorch's {@code jitter_val} (1e-6 in double precision) is
   * this with {@code whiteNoise = 1e-6} and {@link JitterPolicy#NONE_FIRST} (or
   * {@link JitterPolicy#absoluteAfterFailure}); docs/from-gpflow-and-gpytorch.md.
   */
  public SVGP(Kernel kernel, Likelihood likelihood, InducingVariables inducing, MeanFunction meanFunction,
      int numLatent, QForm form, boolean whiten, double whiteNoise) {
    this.layer = new GPLayer(kernel, inducing, meanFunction, numLatent, form, 1.0, whiten, whiteNoise);
    this.likelihood = likelihood;
    addModule("kernel", kernel);
    addModule("inducing", (Module) inducing);
    addModule("mean", meanFunction);
    addModule("q", layer.q());
    addModule("likelihood", likelihood);
  }

  /** Whitened, full q_sqrt, zero mean. */
  public SVGP(Kernel kernel, Likelihood likelihood, InducingVariables inducing, int numLatent) {
    this(kernel, likelihood, inducing, new Zero(), numLatent, QForm.FULL, true);
  }

  public GPLayer layer() {
    return layer;
  }

  @Override
  public Likelihood likelihood() {
    return likelihood;
  }

  public SVGP setJitter(JitterPolicy jitter) {
    layer.setJitter(jitter);
    return this;
  }

  @Override
  public Var expectedLogLikelihood(Matrix x, Matrix y, RandomStream rng) {
    checkInputs(x, "X");
    likelihood.checkTargets(y, "Y");
    DataChecks.requireSameRows(x, "X", y, "Y");
    Marginals f = layer.marginals(Var.constant(x));
    return likelihood.variationalExpectations(f.mean(), f.variance(), y, rng).sum();
  }

  @Override
  public Var priorKL() {
    return layer.kl();
  }

  /** The marginals of the latent functions at {@code x}: N x K means and variances. */
  public Marginals predictF(Matrix x) {
    checkInputs(x, "Xnew");
    return layer.marginals(Var.constant(x));
  }

  /** The predictive mean and variance of y at {@code x}. */
  public Moments predictY(Matrix x, RandomStream rng) {
    Marginals f = predictF(x);
    return likelihood.predictMeanAndVar(f.mean(), f.variance(), rng);
  }

  /** log p(y_n | x_n, data) for each test point, N x 1. */
  public Matrix predictLogDensity(Matrix x, Matrix y, RandomStream rng) {
    likelihood.checkTargets(y, "Ynew");
    DataChecks.requireSameRows(x, "Xnew", y, "Ynew");
    Marginals f = predictF(x);
    return likelihood.predictLogDensity(f.mean(), f.variance(), y, rng).value();
  }

  private void checkInputs(Matrix x, String name) {
    DataChecks.requireData(x, name);
    ModelChecks.requireInputDim(x, name, layer.inducing());
  }
}
