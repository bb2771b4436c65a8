package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Conditionals;
import bms.dgp.conditionals.Marginals;
import bms.dgp.convolutional.PatchGeometry;
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
 *
 * <p>A convolutional layer ({@link #convolutional}) applies the same K GPs to every patch of its
 * input images ({@link PatchGeometry}): kernel, inducing points and mean function live in patch
 * space, the marginals of the (N * P) patches come from the same conditional, and they are laid
 * out as an N x (P * K) feature map (outHeight x outWidth x K per row), as in the deep
 * convolutional GPs of Blomqvist, Kaski and Heinonen (2020).
 */
public final class GPLayer extends Module {
  private final Kernel kernel;
  private final InducingVariables inducing;
  private final MeanFunction meanFunction;
  private final VariationalGaussian q;
  private final boolean whiten;
  private final double whiteNoise;
  /** Null for a dense layer; for a convolutional one, the patches its GPs see. */
  private final PatchGeometry patches;
  private JitterPolicy jitter = JitterPolicy.defaultPolicy();

  public GPLayer(Kernel kernel, InducingVariables inducing, MeanFunction meanFunction, VariationalGaussian q,
      boolean whiten, double whiteNoise) {
    this(kernel, inducing, meanFunction, q, whiten, whiteNoise, null);
  }

  private GPLayer(Kernel kernel, InducingVariables inducing, MeanFunction meanFunction, VariationalGaussian q,
      boolean whiten, double whiteNoise, PatchGeometry patches) {
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
    this.patches = patches;
    if (patches != null && inducing instanceof bms.kernels.inducing.InducingPoints ip
        && ip.z().cols() != patches.patchSize()) {
      throw new IllegalArgumentException("a convolutional layer's inducing patches must have " + patches.patchSize()
          + " columns (" + patches.patch().height() + "x" + patches.patch().width() + " patches of "
          + patches.image().channels() + " channels), got " + ip.z().rows() + "x" + ip.z().cols());
    }
  }

  /**
   * A convolutional layer: K = {@code channels} GPs with kernel {@code patchKernel} on the
   * patches of {@code geometry}, inducing points in patch space (M x patchSize), q(u) at the
   * prior scaled by {@code qSqrtScale}; its output is the outHeight x outWidth x K feature map.
   */
  public static GPLayer convolutional(PatchGeometry geometry, Kernel patchKernel, InducingVariables inducingPatches,
      MeanFunction meanFunction, int channels, QForm form, double qSqrtScale, boolean whiten, double whiteNoise) {
    java.util.Objects.requireNonNull(geometry, "patch geometry");
    return new GPLayer(patchKernel, inducingPatches, meanFunction,
        new VariationalGaussian(inducingPatches.size(), channels, form, qSqrtScale), whiten, whiteNoise, geometry);
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

  /** The patch geometry of a convolutional layer; null for a dense one. */
  public PatchGeometry patches() {
    return patches;
  }

  public boolean isConvolutional() {
    return patches != null;
  }

  /** Columns of the output: K for a dense layer, P * K (the feature map) for a convolutional one. */
  public int outputDim() {
    return patches == null ? numLatent() : patches.numPatches() * numLatent();
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

  /**
   * Marginals of the K outputs at the rows of {@code x} (N x K), or for a convolutional layer
   * at every patch of the images in {@code x} (N x P*K), given {@code lm} from {@link #kuuCholesky()}.
   */
  public Marginals marginals(Var x, Var lm) {
    if (patches != null) {
      int n = x.rows(), cols = outputDim();
      Marginals f = pointMarginals(patches.patches(x), lm);
      return new Marginals(f.mean().reshape(n, cols), f.variance().reshape(n, cols));
    }
    return pointMarginals(x, lm);
  }

  private Marginals pointMarginals(Var x, Var lm) {
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
