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
import bms.kernels.covariances.Covariances;
import bms.kernels.inducing.InducingVariables;

/**
 * Titsias' (2009) collapsed variational bound for Gaussian likelihoods (docs/BACKGROUND.md
 * section 2): ELBO = log N(y | m, Qff + s2 I) - tr(Kff - Qff) / (2 s2), Qff = Kfu Kuu^-1 Kuf.
 * Computed in O(N M^2) through the M x M matrix B = I + A A^T, A = Lu^-1 Kuf / s, with
 * LB = chol(B) and c = LB^-1 A r / s:
 * <pre>
 *   ELBO = -NP/2 log 2 pi - P sum log diag LB - NP/2 log s2 - ||r||^2 / (2 s2) + ||c||^2 / 2
 *          - P tr(Kff) / (2 s2) + P tr(A A^T) / 2
 * </pre>
 * (r = y - m(X), summed over P output columns sharing kernel and noise).
 */
public final class SGPR extends Module implements ConjugateRegression {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Dataset data;
  private final Kernel kernel;
  private final InducingVariables inducing;
  private final MeanFunction meanFunction;
  private final Gaussian likelihood;
  private JitterPolicy jitter = JitterPolicy.defaultPolicy();

  public SGPR(Dataset data, Kernel kernel, InducingVariables inducing, MeanFunction meanFunction,
      double noiseVariance) {
    if (!(inducing instanceof Module)) {
      throw new IllegalArgumentException("inducing variables must be a Module, got " + inducing.getClass().getName());
    }
    ModelChecks.requireInputDim(data.x(), "X", inducing);
    this.data = data;
    this.kernel = addModule("kernel", kernel);
    this.inducing = inducing;
    addModule("inducing", (Module) inducing);
    this.meanFunction = addModule("mean", meanFunction);
    this.likelihood = addModule("likelihood", new Gaussian(noiseVariance));
  }

  public SGPR(Dataset data, Kernel kernel, InducingVariables inducing, double noiseVariance) {
    this(data, kernel, inducing, new Zero(), noiseVariance);
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

  public InducingVariables inducing() {
    return inducing;
  }

  public MeanFunction meanFunction() {
    return meanFunction;
  }

  /**
   * Phi = (Lu^-1 Kuf)^T, N x M, with Lu = chol(Kuu) factorised as the bound does (same jitter):
   * Phi Phi^T = Qff, so the Nystrom (DTC) model log N(y | m, Qff + s2 I) is Bayesian linear
   * regression on these features with unit prior variance.
   */
  public Matrix nystromFeatures() {
    Var lu = Covariances.Kuu(inducing, kernel).cholesky(jitter, "Kuu");
    return lu.solveTriangular(Covariances.Kuf(inducing, kernel, Var.constant(data.x())), true, false).value()
        .transpose();
  }

  public SGPR setJitter(JitterPolicy jitter) {
    this.jitter = java.util.Objects.requireNonNull(jitter, "jitter");
    return this;
  }

  /** The pieces shared by the bound and the predictions. */
  private record Common(Var lu, Var lb, Var a, Var c, Var residual) {}

  private Common common() {
    Var x = Var.constant(data.x());
    Var y = Var.constant(data.y());
    Var r = meanFunction.isZero() ? y : y.sub(meanFunction.apply(x, data.y().cols()));
    Var s2 = likelihood.variance().var();
    Var sigma = s2.sqrt();
    Var lu = Covariances.Kuu(inducing, kernel).cholesky(jitter, "Kuu");
    Var a = lu.solveTriangular(Covariances.Kuf(inducing, kernel, x), true, false).div(sigma);
    int m = a.rows();
    Var b = a.matmult(a).add(Var.constant(Matrix.identity(m)));
    // I + A A^T has eigenvalues >= 1: no jitter unless it fails numerically.
    Var lb = b.cholesky(JitterPolicy.NONE_FIRST, "I + A A^T");
    Var c = lb.solveTriangular(a.matmul(r), true, false).div(sigma);
    return new Common(lu, lb, a, c, r);
  }

  /** The collapsed lower bound on log p(Y | X, theta). */
  public Var elbo() {
    Common k = common();
    Var s2 = likelihood.variance().var();
    int n = data.size(), p = data.y().cols();
    Var kdiagSum = kernel.Kdiag(Var.constant(data.x())).sum();
    Var bound = k.lb().logDetFromCholesky().mulScalar(-0.5 * p)
        .sub(s2.log().mulScalar(0.5 * n * p))
        .sub(k.residual().square().sum().div(s2).mulScalar(0.5))
        .add(k.c().square().sum().mulScalar(0.5))
        .sub(kdiagSum.div(s2).mulScalar(0.5 * p))
        .add(k.a().square().sum().mulScalar(0.5 * p));
    return bound.addScalar(-0.5 * n * p * LOG_2PI);
  }

  /** Predictive marginals of f: mean = T2^T c + m, var = kss + ||T2||^2 - ||T1||^2, T1 = Lu^-1 Kus, T2 = LB^-1 T1. */
  public Marginals predictF(Matrix xNew) {
    DataChecks.requireData(xNew, "Xnew");
    ModelChecks.requireInputDim(xNew, "Xnew", inducing);
    Common k = common();
    Var xs = Var.constant(xNew);
    Var t1 = k.lu().solveTriangular(Covariances.Kuf(inducing, kernel, xs), true, false);
    Var t2 = k.lb().solveTriangular(t1, true, false);
    int p = data.y().cols();
    Var mean = t2.tmatmul(k.c());
    Var var = kernel.Kdiag(xs).add(t2.square().colSums().t()).sub(t1.square().colSums().t());
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
