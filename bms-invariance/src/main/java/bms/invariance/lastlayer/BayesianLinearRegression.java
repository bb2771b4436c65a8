package bms.invariance.lastlayer;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;

/**
 * A Bayesian linear model on features, y_c = [phi, 1] w_c + e with w_c ~ N(0, s_w^2 I) and
 * e ~ N(0, s^2 I), independently for each of the C target columns (the one-hot classes); the
 * constant feature is the intercept. With Phi the N x (F+1) features and
 * A = Phi^T Phi / s^2 + I / s_w^2 (Woodbury and the matrix determinant lemma):
 * <pre>
 *   log p(Y) = -NC/2 log(2 pi s^2) - C(F+1)/2 log s_w^2 - C/2 log|A|
 *              - ||Y||^2 / (2 s^2) + ||L^-1 Phi^T Y||^2 / (2 s^4),      L L^T = A,
 * </pre>
 * O(N F^2 + F^3) instead of O(N^3). The posterior of w_c is N(A^-1 Phi^T y_c / s^2, A^-1).
 * Parameters: {@code noiseVariance} (s^2) and {@code priorVariance} (s_w^2), both positive.
 */
public final class BayesianLinearRegression extends Module {
  private final Parameter noiseVariance;
  private final Parameter priorVariance;

  public BayesianLinearRegression(double noiseVariance, double priorVariance) {
    this.noiseVariance = addParameterFrom("noiseVariance", () -> Parameter.positive(noiseVariance));
    this.priorVariance = addParameterFrom("priorVariance", () -> Parameter.positive(priorVariance));
  }

  public Parameter noiseVariance() {
    return noiseVariance;
  }

  public Parameter priorVariance() {
    return priorVariance;
  }

  /** [phi, 1]: the features with the intercept column appended. */
  static Var withIntercept(Var phi) {
    return Var.concatCols(phi, Var.constant(Matrix.ones(phi.rows(), 1)));
  }

  /** log p(Y | Phi) for N x F features and N x C targets. */
  public Var logMarginalLikelihood(Var phi, Matrix targets) {
    checkShapes(phi, targets);
    Var p = withIntercept(phi);
    int n = p.rows(), f = p.cols(), c = targets.cols();
    Var s2 = noiseVariance.var();
    Var sw2 = priorVariance.var();
    Var y = Var.constant(targets);
    Var l = factor(precision(p, s2, sw2));
    Var proj = l.solveTriangular(p.tmatmul(y), true, false); // L^-1 Phi^T Y
    double yy = 0;
    for (double v : targets.data()) yy += v * v;
    Var fit = proj.square().sum().div(s2.square()).mulScalar(0.5).sub(Var.constant(yy).div(s2).mulScalar(0.5));
    Var complexity = s2.log().mulScalar(-0.5 * n * c).sub(sw2.log().mulScalar(0.5 * c * f))
        .sub(l.logDetFromCholesky().mulScalar(0.5 * c));
    return fit.add(complexity).addScalar(-0.5 * n * c * Math.log(2 * Math.PI));
  }

  /** A = Phi^T Phi / s^2 + I / s_w^2 on intercept-augmented features. */
  private static Var precision(Var p, Var s2, Var sw2) {
    return p.tmatmul(p).div(s2).add(Var.constant(Matrix.identity(p.cols())).div(sw2));
  }

  /**
   * chol(A) without jitter: A = I / s_w^2 + PSD is positive definite by construction, and a
   * jitter scaled by A's diagonal would make the value (and so the gradient) slightly off.
   */
  private static Var factor(Var a) {
    return a.cholesky(JitterPolicy.NONE_FIRST, "last-layer precision A");
  }

  /** The posterior over the weights given N x F features and N x C targets (values, no gradients). */
  public Posterior posterior(Matrix phi, Matrix targets) {
    checkShapes(Var.constant(phi), targets);
    Var p = withIntercept(Var.constant(phi));
    Var s2 = Var.constant(noiseVariance.scalar());
    Var l = factor(precision(p, s2, Var.constant(priorVariance.scalar())));
    // mean = A^-1 Phi^T Y / s^2 = L^-T L^-1 Phi^T Y / s^2
    Var inner = l.solveTriangular(p.tmatmul(Var.constant(targets)), true, false);
    Matrix mean = l.solveTriangular(inner, true, true).div(s2).value();
    return new Posterior(mean, l.value(), noiseVariance.scalar());
  }

  private static void checkShapes(Var phi, Matrix targets) {
    if (phi.rows() != targets.rows()) {
      throw new IllegalArgumentException("features have " + phi.rows() + " rows but the targets have "
          + targets.rows());
    }
    if (phi.rows() == 0) throw new IllegalArgumentException("the last layer needs at least one data point");
    int bad = phi.value().firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException("features have a non-finite entry " + phi.value().data()[bad] + " at row "
          + bad / phi.cols() + " (the network diverged: lower the learning rate)");
    }
  }

  /**
   * q(w_c) = N(mean_c, A^-1), with {@code choleskyOfPrecision} = chol(A); the predictive of a
   * new point is N([phi*, 1] mean, [phi*, 1] A^-1 [phi*, 1]^T + s^2) for every class column.
   */
  public record Posterior(Matrix mean, Matrix choleskyOfPrecision, double noiseVariance) {

    /** Predictive means (N* x C) and variances (N* x 1, the same for every column). */
    public Prediction predict(Matrix phi) {
      Var p = withIntercept(Var.constant(phi));
      if (p.cols() != mean.rows()) {
        throw new IllegalArgumentException("the posterior is over " + (mean.rows() - 1) + " features, got "
            + phi.cols());
      }
      Matrix m = p.matmul(Var.constant(mean)).value();
      Var v = Var.constant(choleskyOfPrecision).solveTriangular(p.t(), true, false); // L^-1 Phi*^T
      Matrix var = v.square().colSums().t().addScalar(noiseVariance).value();
      return new Prediction(m, var);
    }
  }

  /** Gaussian predictive means (N x C) and variances (N x 1). */
  public record Prediction(Matrix mean, Matrix variance) {
    /** sum_c log N(y_nc | mean_nc, variance_n) for each row: N x 1. */
    public Matrix logDensity(Matrix targets) {
      Matrix out = new Matrix(targets.rows(), 1);
      for (int i = 0; i < targets.rows(); i++) {
        double v = variance.get(i, 0), s = 0;
        for (int c = 0; c < targets.cols(); c++) {
          double d = targets.get(i, c) - mean.get(i, c);
          s += -0.5 * Math.log(2 * Math.PI * v) - 0.5 * d * d / v;
        }
        out.set(i, 0, s);
      }
      return out;
    }
  }
}
