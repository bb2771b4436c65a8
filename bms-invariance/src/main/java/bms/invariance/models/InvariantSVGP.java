package bms.invariance.models;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Conditionals;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.DataChecks;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Moments;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.GPLayer;
import bms.dgp.models.VariationalModel;
import bms.dgp.random.RandomStream;
import bms.dgp.variational.QForm;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.kernels.OrbitSamples;

/**
 * The sparse variational GP with an invariant kernel of van der Wilk et al. (2018; docs/BACKGROUND.md
 * section 6): f(x) = E_a [m(t(x; a)) + g(t(x; a))], g ~ GP(0, k_g), inducing variables
 * u = g(Z) in g's input space ({@link InvariantInducingPoints}), q(u) = N(m, R R^T) whitened by
 * default. Each evaluation of the bound draws S transformations a_s = h(eps_s, theta) of every
 * input of the batch and
 * <ul>
 *   <li>for any likelihood ({@link ExpectationEstimator#SAMPLE_AVERAGE}), the talk's procedure:
 *       estimate f(x) by f_hat(x) = 1/S sum_s g(t(x; a_s)) (Kuf and k_ff from the same draws) and
 *       take the likelihood's expectation under its marginal;</li>
 *   <li>for a Gaussian likelihood ({@link ExpectationEstimator#UNBIASED_GAUSSIAN}, the default
 *       there), the unbiased estimate of the invariant model's own expectation,
 *       {@link UnbiasedGaussianExpectation}.</li>
 * </ul>
 * The bound (N / B) sum_batch E_q[log p(y_n | f(x_n))] - KL[q(u) || p(u)] is one autodiff graph,
 * so its gradient reaches the variational parameters, the kernel hyperparameters, Z and the
 * orbit's theta together (through the warped pixels). On an exact orbit both estimators are the
 * exact bound.
 *
 * <p>Orbit noise: an orbit built with {@link bms.invariance.orbits.EpsilonSource#perEvaluation()}
 * draws from the stream each evaluation receives ({@link OrbitNoise}), so training by a
 * {@link bms.dgp.training.Trainer} is reproducible from its seed and resumes from a checkpoint
 * with the same draws; fixed or constant sources stay fixed (gradient checks).
 *
 * <p>Parameter paths as {@link bms.dgp.models.SVGP}: {@code kernel.base.*}, {@code kernel.orbit.*},
 * {@code inducing.Z}, {@code mean.*}, {@code q.q_mu}, {@code q.q_sqrt}, {@code likelihood.*}.
 */
public final class InvariantSVGP extends Module implements VariationalModel {
  private final Invariant kernel;
  private final InvariantInducingPoints inducing;
  private final MeanFunction meanFunction;
  private final GPLayer layer;
  private final Likelihood likelihood;
  private final ExpectationEstimator estimator;

  public InvariantSVGP(Invariant kernel, Likelihood likelihood, InvariantInducingPoints inducing,
      MeanFunction meanFunction, int numLatent, QForm form, boolean whiten, ExpectationEstimator estimator) {
    java.util.Objects.requireNonNull(kernel, "kernel");
    java.util.Objects.requireNonNull(likelihood, "likelihood");
    java.util.Objects.requireNonNull(inducing, "inducing");
    java.util.Objects.requireNonNull(meanFunction, "meanFunction");
    java.util.Objects.requireNonNull(estimator, "estimator");
    if (estimator == ExpectationEstimator.UNBIASED_GAUSSIAN && !(likelihood instanceof Gaussian)) {
      throw new IllegalArgumentException("estimator UNBIASED_GAUSSIAN needs a Gaussian likelihood, got "
          + likelihood.getClass().getSimpleName() + "; use ExpectationEstimator.SAMPLE_AVERAGE");
    }
    this.kernel = kernel;
    this.inducing = inducing;
    this.meanFunction = meanFunction;
    this.likelihood = likelihood;
    this.estimator = estimator;
    // The layer holds q(u) and computes chol(Kuu) and the KL; the marginals are computed here.
    this.layer = new GPLayer(kernel, inducing, new Zero(), numLatent, form, 1.0, whiten, 0.0);
    addModule("kernel", kernel);
    addModule("inducing", inducing);
    addModule("mean", meanFunction);
    addModule("q", layer.q());
    addModule("likelihood", likelihood);
  }

  /**
   * Whitened, full q_sqrt, zero mean; the unbiased estimator for a Gaussian likelihood, the
   * sample average otherwise.
   */
  public InvariantSVGP(Invariant kernel, Likelihood likelihood, InvariantInducingPoints inducing, int numLatent) {
    this(kernel, likelihood, inducing, new Zero(), numLatent, QForm.FULL, true, defaultEstimator(likelihood));
  }

  /** UNBIASED_GAUSSIAN for a Gaussian likelihood, SAMPLE_AVERAGE for any other. */
  public static ExpectationEstimator defaultEstimator(Likelihood likelihood) {
    return likelihood instanceof Gaussian ? ExpectationEstimator.UNBIASED_GAUSSIAN : ExpectationEstimator.SAMPLE_AVERAGE;
  }

  public Invariant kernel() {
    return kernel;
  }

  public InvariantInducingPoints inducing() {
    return inducing;
  }

  public GPLayer layer() {
    return layer;
  }

  public ExpectationEstimator estimator() {
    return estimator;
  }

  @Override
  public Likelihood likelihood() {
    return likelihood;
  }

  public InvariantSVGP setJitter(JitterPolicy jitter) {
    layer.setJitter(jitter);
    return this;
  }

  @Override
  public Var expectedLogLikelihood(Matrix x, Matrix y, RandomStream rng) {
    checkInputs(x, "X");
    likelihood.checkTargets(y, "Y");
    DataChecks.requireSameRows(x, "X", y, "Y");
    OrbitNoise.bind(this, rng);
    Evaluation e = evaluate(x, estimator == ExpectationEstimator.UNBIASED_GAUSSIAN && !kernel.orbit().isExact());
    Var variance = e.perSample == null ? e.averaged.variance()
        : UnbiasedGaussianExpectation.correctedVariance(e.averaged, e.perSample, e.samples);
    return likelihood.variationalExpectations(e.averaged.mean(), variance, y, rng).sum();
  }

  @Override
  public Var priorKL() {
    return layer.kl();
  }

  /**
   * The marginals of f_hat(x) = 1/S sum_s [m(t_s) + g(t_s)] at {@code x}, N x K, with orbit
   * noise from {@code rng} (null if the orbit does not draw from the evaluation stream). On an
   * exact orbit these are the exact marginals of f; on a sampled one their variance includes
   * the Monte Carlo variance of the average, which shrinks as the orbit's S grows.
   */
  public Marginals predictF(Matrix x, RandomStream rng) {
    checkInputs(x, "Xnew");
    OrbitNoise.bind(this, rng);
    return evaluate(x, false).averaged;
  }

  /** The predictive mean and variance of y at {@code x} (of f_hat; see {@link #predictF}). */
  public Moments predictY(Matrix x, RandomStream rng) {
    Marginals f = predictF(x, rng);
    return likelihood.predictMeanAndVar(f.mean(), f.variance(), rng);
  }

  /** log p(y_n | x_n, data) under f_hat for each test point, N x 1. */
  public Matrix predictLogDensity(Matrix x, Matrix y, RandomStream rng) {
    likelihood.checkTargets(y, "Ynew");
    DataChecks.requireSameRows(x, "Xnew", y, "Ynew");
    Marginals f = predictF(x, rng);
    return likelihood.predictLogDensity(f.mean(), f.variance(), y, rng).value();
  }

  /** Marginals of f_hat, and of g at every transformed input when {@code perSample}. */
  private record Evaluation(Marginals averaged, Marginals perSample, int samples) {}

  private Evaluation evaluate(Matrix x, boolean perSample) {
    Var xv = Var.constant(x);
    OrbitSamples draws = kernel.sample(xv);
    int s = draws.samples();
    Var z = inducing.z().var();
    Var lm = layer.kuuCholesky();
    Var qMu = layer.q().qMu().var(), qSqrt = layer.q().qSqrt().var();
    QForm form = layer.q().form();
    Var kufAll = kernel.kufPerSample(z, draws);
    Var kuf = Invariant.averageOverSamples(kufAll, s);
    Marginals avg = Conditionals.marginalsGivenCholesky(kuf, lm, kernel.diagonal(draws, false), qMu, qSqrt, form,
        layer.whiten());
    Marginals per = null;
    if (perSample) {
      per = Conditionals.marginalsGivenCholesky(kufAll, lm, kernel.base().Kdiag(draws.all()), qMu, qSqrt, form,
          layer.whiten());
    }
    if (!meanFunction.isZero()) {
      // The prior mean belongs to g: m(t_s) per sample, and its orbit average for f_hat.
      Var mAll = meanFunction.apply(draws.all(), layer.numLatent());
      avg = new Marginals(avg.mean().add(mAll.groupMean(s)), avg.variance());
      if (per != null) per = new Marginals(per.mean().add(mAll), per.variance());
    }
    return new Evaluation(avg, per, s);
  }

  private void checkInputs(Matrix x, String name) {
    DataChecks.requireData(x, name);
    if (x.cols() != inducing.z().cols()) {
      throw new IllegalArgumentException(name + " has " + x.cols() + " columns but the inducing points Z are "
          + inducing.z().rows() + "x" + inducing.z().cols() + " (" + inducing.z().cols() + " input dimensions)");
    }
  }
}
