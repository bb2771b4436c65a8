package bms.dgp.multioutput;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.DataChecks;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Moments;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.GPLayer;
import bms.dgp.models.VariationalModel;
import bms.dgp.random.RandomStream;
import bms.dgp.variational.QForm;
import bms.kernels.Kernel;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.inducing.InducingVariables;
import java.util.ArrayList;
import java.util.List;

/**
 * A sparse variational GP with several outputs (GPflow's multi-output SVGP; docs/BACKGROUND.md
 * section 2): L independent latent GPs g_l, each a {@link GPLayer} with its own kernel and its
 * own or shared inducing variables (Kuu and Kuf chosen by the (inducing, kernel) pair as for
 * every layer), and the P outputs either the latents themselves (independent outputs, P = L) or
 * their mixture by the linear model of coregionalisation f = W g, W a learned P x L matrix:
 * <pre>
 *   E[f_np]   = sum_l W_pl E[g_nl],      Var[f_np] = sum_l W_pl^2 Var[g_nl]
 * </pre>
 * (the marginals a factorised likelihood needs; the cross-output covariances are not formed).
 * The bound is sum_n E_q[log p(y_n | f_n)] - sum_l KL[q(u_l) || p(u_l)], trained by
 * {@link bms.dgp.objectives.Elbo} like SVGP, with natural gradients for every q(u_l) if wanted.
 *
 * <p>Parameter paths: {@code latents[l].kernel.*}, {@code latents[l].inducing.*} (a shared set
 * appears once, under the first latent that holds it), {@code latents[l].q.*}, {@code mixing.W}
 * for the LMC, {@code likelihood.*}.
 */
public final class MultiOutputSVGP extends Module implements VariationalModel {
  private final List<GPLayer> latents;
  private final Mixing mixing;
  private final Likelihood likelihood;
  private final int numLatent;

  /** The learned P x L mixing matrix of the linear model of coregionalisation. */
  public static final class Mixing extends Module {
    private final Parameter w;

    public Mixing(Matrix w) {
      this.w = addParameterFrom("W", () -> Parameter.unconstrained(w));
    }

    public Parameter w() {
      return w;
    }
  }

  /**
   * @param latents the latent GPs (each may have several outputs of its own; L counts them all)
   * @param w P x L mixing matrix, or null for independent outputs (P = L)
   */
  public MultiOutputSVGP(List<GPLayer> latents, Matrix w, Likelihood likelihood) {
    if (latents.isEmpty()) {
      throw new IllegalArgumentException("a multi-output SVGP needs at least one latent GP");
    }
    int l = 0;
    for (GPLayer g : latents) l += g.numLatent();
    int d = inputDim(latents.get(0));
    for (int i = 1; i < latents.size(); i++) {
      if (inputDim(latents.get(i)) != d) {
        throw new IllegalArgumentException("latent " + i + "'s inducing points have " + inputDim(latents.get(i))
            + " columns but latent 0's have " + d);
      }
    }
    if (w != null && w.cols() != l) {
      throw new IllegalArgumentException("mixing matrix W must be P x L with L = " + l + " latent GPs, got "
          + w.shapeString());
    }
    this.numLatent = l;
    this.latents = addModules("latents", latents);
    this.mixing = w == null ? null : addModule("mixing", new Mixing(w));
    this.likelihood = addModule("likelihood", likelihood);
  }

  private static int inputDim(GPLayer g) {
    return g.inducing() instanceof InducingPoints ip ? ip.z().cols() : -1;
  }

  /**
   * One latent GP per kernel, whitened, full q_sqrt, zero mean; inducing variables separate
   * ({@code inducing.size() == kernels.size()}) or shared (one entry, used by every latent).
   */
  public static List<GPLayer> latents(List<? extends Kernel> kernels, List<? extends InducingVariables> inducing) {
    if (inducing.size() != 1 && inducing.size() != kernels.size()) {
      throw new IllegalArgumentException("give one set of inducing variables (shared) or one per kernel ("
          + kernels.size() + "), got " + inducing.size());
    }
    List<GPLayer> out = new ArrayList<>();
    for (int i = 0; i < kernels.size(); i++) {
      InducingVariables z = inducing.get(inducing.size() == 1 ? 0 : i);
      out.add(new GPLayer(kernels.get(i), z, new Zero(), 1, QForm.FULL, 1.0, true, 0.0));
    }
    return out;
  }

  public List<GPLayer> latents() {
    return latents;
  }

  /** The mixing matrix parameter, or null for independent outputs. */
  public Parameter mixing() {
    return mixing == null ? null : mixing.w();
  }

  /** L, the number of latent GPs. */
  public int numLatent() {
    return numLatent;
  }

  /** P, the number of outputs f. */
  public int numOutputs() {
    return mixing == null ? numLatent : mixing.w().rows();
  }

  @Override
  public Likelihood likelihood() {
    return likelihood;
  }

  /** The marginals of the L latent GPs at {@code x}: N x L. */
  public Marginals latentMarginals(Matrix x) {
    DataChecks.requireData(x, "X");
    Var xv = Var.constant(x);
    List<Var> means = new ArrayList<>();
    List<Var> vars = new ArrayList<>();
    for (GPLayer g : latents) {
      Marginals m = g.marginals(xv);
      means.add(m.mean());
      vars.add(m.variance());
    }
    return means.size() == 1 ? new Marginals(means.get(0), vars.get(0))
        : new Marginals(Var.concatCols(means), Var.concatCols(vars));
  }

  /** The marginals of the P outputs f at {@code x}: N x P. */
  public Marginals predictF(Matrix x) {
    checkInputs(x, "X");
    Marginals g = latentMarginals(x);
    if (mixing == null) return g;
    Var w = mixing.w().var();
    return new Marginals(g.mean().matmult(w), g.variance().matmult(w.square()));
  }

  @Override
  public Var expectedLogLikelihood(Matrix x, Matrix y, RandomStream rng) {
    likelihood.checkTargets(y, "Y");
    DataChecks.requireSameRows(x, "X", y, "Y");
    Marginals f = predictF(x);
    return likelihood.variationalExpectations(f.mean(), f.variance(), y, rng).sum();
  }

  @Override
  public Var priorKL() {
    List<Var> terms = new ArrayList<>();
    for (GPLayer g : latents) terms.add(g.kl());
    return terms.size() == 1 ? terms.get(0) : Var.sumAll(terms);
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
    int d = inputDim(latents.get(0));
    if (d >= 0 && x.cols() != d) {
      throw new IllegalArgumentException(name + " has " + x.cols() + " columns but the inducing points have " + d);
    }
  }
}
