package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.DataChecks;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Moments;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.kernels.Kernel;

/**
 * Exact GP regression (docs/BACKGROUND.md section 1). With L = chol(K + s2 I) and r = y - m(X),
 * log p(y) = -1/2 ||L^-1 r||^2 - sum log diag L - N/2 log 2 pi, summed over the P output
 * columns, which share the kernel and the noise. Costs O(N^3): for large N use SGPR or SVGP.
 *
 * <p>Parameter paths: {@code kernel.*}, {@code mean.*}, {@code likelihood.variance}.
 */
public final class GPR extends Module implements ConjugateRegression {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Dataset data;
  private final Kernel kernel;
  private final MeanFunction meanFunction;
  private final Gaussian likelihood;
  // K + s2 I is already regularised by the noise (s2 >= 1e-6): try it as it is, jitter only on failure.
  private JitterPolicy jitter = JitterPolicy.NONE_FIRST;

  public GPR(Dataset data, Kernel kernel, MeanFunction meanFunction, double noiseVariance) {
    this.data = data;
    this.kernel = addModule("kernel", kernel);
    this.meanFunction = addModule("mean", meanFunction);
    this.likelihood = addModule("likelihood", new Gaussian(noiseVariance));
  }

  public GPR(Dataset data, Kernel kernel, double noiseVariance) {
    this(data, kernel, new Zero(), noiseVariance);
  }

  public Dataset data() {
    return data;
  }

  @Override
  public Gaussian likelihood() {
    return likelihood;
  }

  public Kernel kernel() {
    return kernel;
  }

  public MeanFunction meanFunction() {
    return meanFunction;
  }

  public GPR setJitter(JitterPolicy jitter) {
    this.jitter = java.util.Objects.requireNonNull(jitter, "jitter");
    return this;
  }

  private Var residual() {
    Var x = Var.constant(data.x());
    Var y = Var.constant(data.y());
    return meanFunction.isZero() ? y : y.sub(meanFunction.apply(x, data.y().cols()));
  }

  private Var choleskyKy() {
    Var x = Var.constant(data.x());
    Var k = kernel.K(x);
    int n = data.size();
    Var ky = k.add(Var.constant(Matrix.identity(n)).mul(likelihood.variance().var()));
    return ky.cholesky(jitter, "K + noise I");
  }

  /** log p(Y | X, theta). */
  public Var logMarginalLikelihood() {
    Var l = choleskyKy();
    Var alpha = l.solveTriangular(residual(), true, false);
    int n = data.size(), p = data.y().cols();
    return alpha.square().sum().mulScalar(-0.5).sub(l.logDetFromCholesky().mulScalar(0.5 * p))
        .addScalar(-0.5 * n * p * LOG_2PI);
  }

  /**
   * The posterior marginals of f at {@code xNew}: mean = Ksx (K + s2 I)^-1 r + m(Xnew),
   * var = kss - ||L^-1 Kxs||^2 (the same for every output column).
   */
  public Marginals predictF(Matrix xNew) {
    DataChecks.requireData(xNew, "Xnew");
    DataChecks.requireCols(xNew, "Xnew", data.inputDim(), "the training inputs have that many");
    Var l = choleskyKy();
    Var xs = Var.constant(xNew);
    Var a = l.solveTriangular(kernel.K(Var.constant(data.x()), xs), true, false);
    Var alpha = l.solveTriangular(residual(), true, false);
    int p = data.y().cols();
    Var mean = a.tmatmul(alpha);
    Var var = kernel.Kdiag(xs).sub(a.square().colSums().t());
    return ConjugatePredictions.withPriorMean(mean, var, meanFunction, xs, p);
  }

  @Override
  public Moments predictY(Matrix xNew) {
    Marginals f = predictF(xNew);
    return likelihood.predictMeanAndVar(f.mean(), f.variance(), null);
  }

  /** log N(y_n | mean_n, var_n + s2) for each test point, summed over output columns: N x 1. */
  @Override
  public Matrix predictLogDensity(Matrix xNew, Matrix yNew) {
    return ConjugatePredictions.logDensity(this::predictF, likelihood, xNew, yNew);
  }
}
