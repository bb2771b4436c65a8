package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import org.apache.commons.math3.special.Gamma;

/**
 * Heavy-tailed regression noise: y = f + scale * t_nu, with
 * log p(y | f) = lgamma((nu+1)/2) - lgamma(nu/2) - 1/2 log(pi nu) - log scale
 *                - (nu+1)/2 log(1 + ((y - f)/scale)^2 / nu).
 * The scale is a positive parameter; the degrees of freedom nu are fixed. Expectations use
 * Gauss-Hermite quadrature.
 */
public final class StudentT extends ScalarLikelihood {
  private final double df;
  private final Parameter scale;

  public StudentT(double df, double scale) {
    if (!(df > 0) || !Double.isFinite(df)) {
      throw new IllegalArgumentException("Student-t degrees of freedom must be positive and finite, got " + df);
    }
    this.df = df;
    this.scale = addParameterFrom("scale", () -> Parameter.positive(scale));
  }

  public double df() {
    return df;
  }

  public Parameter scale() {
    return scale;
  }

  @Override
  protected Var logDensity(Var f, Matrix y) {
    double c = Gamma.logGamma((df + 1) / 2) - Gamma.logGamma(df / 2) - 0.5 * Math.log(Math.PI * df);
    Var s = scale.var();
    Var z2 = Var.constant(y).sub(f).div(s).square();
    return z2.mulScalar(1.0 / df).log1p().mulScalar(-(df + 1) / 2).sub(s.log()).addScalar(c);
  }

  @Override
  protected Var conditionalMean(Var f) {
    return f;
  }

  /** scale^2 nu / (nu - 2), infinite when nu <= 2. */
  @Override
  protected Var conditionalVariance(Var f) {
    Var zeros = Var.constant(Matrix.zeros(f.rows(), f.cols()));
    if (df <= 2) {
      return zeros.addScalar(Double.POSITIVE_INFINITY);
    }
    return zeros.add(scale.var().square().mulScalar(df / (df - 2)));
  }
}
