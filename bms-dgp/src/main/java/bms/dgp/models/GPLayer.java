package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Conditionals;
import bms.dgp.conditionals.Marginals;
import bms.dgp.kl.GaussianKL;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.variational.QForm;
import bms.dgp.variational.VariationalGaussian;
import bms.kernels.Kernel;
import bms.kernels.covariances.Covariances;
import bms.kernels.inducing.InducingVariables;

/**
 * A sparse variational GP layer: K latent GPs with one shared kernel and one shared set of
 * inducing variables, q(u_k) = N(m_k, R_k R_k^T), plus a mean function. It maps inputs
 * (N x D) to the marginals of its K outputs; an SVGP model is one layer plus a likelihood, and
 * a deep GP is a stack of them.
 *
 * <p>Kuu is factorised once per evaluation and used by all K latents (and by the unwhitened
 * KL). An optional fixed white-noise variance is added to Kuu's diagonal and to the output
 * variances, as on the inner layers of Salimbeni and Deisenroth (2017).
 */
public final class GPLayer extends Module {
  private final Kernel kernel;
  private final InducingVariables inducing;
  private final MeanFunction meanFunction;
  private final VariationalGaussian q;
  private final boolean whiten;
  private final double whiteNoise;
  private JitterPolicy jitter = JitterPolicy.defaultPolicy();

  public GPLayer(Kernel kernel, InducingVariables inducing, MeanFunction meanFunction, VariationalGaussian q,
      boolean whiten, double whiteNoise) {
    if (!(inducing instanceof Module)) {
      throw new IllegalArgumentException("inducing variables must be a Module (so their parameters are trained), got "
          + inducing.getClass().getName());
    }
    if (q.numInducing() != inducing.size()) {
      throw new IllegalArgumentException("q(u) has " + q.numInducing() + " inducing variables but there are "
          + inducing.size());
    }
    if (!(whiteNoise >= 0) || !Double.isFinite(whiteNoise)) {
      throw new IllegalArgumentException("white noise variance must be finite and >= 0, got " + whiteNoise);
    }
    this.kernel = addModule("kernel", kernel);
    this.inducing = inducing;
    addModule("inducing", (Module) inducing);
    this.meanFunction = addModule("mean", meanFunction);
    this.q = addModule("q", q);
    this.whiten = whiten;
    this.whiteNoise = whiteNoise;
  }

  /** A layer with q at the prior scaled by {@code qSqrtScale} (1 for the prior, 1e-5 for inner DGP layers). */
  public GPLayer(Kernel kernel, InducingVariables inducing, MeanFunction meanFunction, int numLatent, QForm form,
      double qSqrtScale, boolean whiten, double whiteNoise) {
    this(kernel, inducing, meanFunction, new VariationalGaussian(inducing.size(), numLatent, form, qSqrtScale),
        whiten, whiteNoise);
  }

  public Kernel kernel() {
    return kernel;
  }

  public InducingVariables inducing() {
    return inducing;
  }

  public MeanFunction meanFunction() {
    return meanFunction;
  }

  public VariationalGaussian q() {
    return q;
  }

  public int numLatent() {
    return q.numLatent();
  }

  public boolean whiten() {
    return whiten;
  }

  public double whiteNoise() {
    return whiteNoise;
  }

  public JitterPolicy jitter() {
    return jitter;
  }

  /** The jitter policy for the Kuu Cholesky (tests that compare with exact GPs use no initial jitter). */
  public GPLayer setJitter(JitterPolicy jitter) {
    this.jitter = java.util.Objects.requireNonNull(jitter, "jitter");
    return this;
  }

  /** chol(Kuu + white I), shared by the conditional and the unwhitened KL of one evaluation. */
  public Var kuuCholesky() {
    Var kuu = Covariances.Kuu(inducing, kernel);
    if (whiteNoise > 0) {
      kuu = kuu.add(Var.constant(scaledIdentity(kuu.rows(), whiteNoise)));
    }
    return kuu.cholesky(jitter, "Kuu");
  }

  private static Matrix scaledIdentity(int n, double c) {
    Matrix m = new Matrix(n, n);
    for (int i = 0; i < n; i++) m.data()[i * n + i] = c;
    return m;
  }

  /** Marginals of the K outputs at the rows of {@code x}, given {@code lm} from {@link #kuuCholesky()}. */
  public Marginals marginals(Var x, Var lm) {
    Var kuf = Covariances.Kuf(inducing, kernel, x);
    Var kdiag = kernel.Kdiag(x);
    if (whiteNoise > 0) {
      kdiag = kdiag.addScalar(whiteNoise);
    }
    Marginals f = Conditionals.marginalsGivenCholesky(kuf, lm, kdiag, q.qMu().var(), q.qSqrt().var(), q.form(), whiten);
    if (meanFunction.isZero()) {
      return f;
    }
    return new Marginals(f.mean().add(meanFunction.apply(x, numLatent())), f.variance());
  }

  public Marginals marginals(Var x) {
    return marginals(x, kuuCholesky());
  }

  /** KL[q(u) || p(u)] summed over the K latents; {@code lm} is only used when not whitened. */
  public Var kl(Var lm) {
    return whiten
        ? GaussianKL.whitened(q.qMu().var(), q.qSqrt().var(), q.form())
        : GaussianKL.unwhitened(q.qMu().var(), q.qSqrt().var(), q.form(), lm);
  }

  public Var kl() {
    return whiten ? kl(null) : kl(kuuCholesky());
  }
}
