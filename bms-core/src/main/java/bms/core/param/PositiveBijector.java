package bms.core.param;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * Positive values: {@code x = lower + softplus(u)}. The lower bound (default 1e-6) keeps
 * variances and lengthscales away from zero, where GP likelihoods become singular.
 */
public final class PositiveBijector implements Bijector {
  public static final double DEFAULT_LOWER = 1e-6;
  private final double lower;

  public PositiveBijector(double lower) {
    if (!(lower >= 0) || !Double.isFinite(lower)) {
      throw new IllegalArgumentException("positive bijector lower bound must be finite and >= 0, got " + lower);
    }
    this.lower = lower;
  }

  public PositiveBijector() {
    this(DEFAULT_LOWER);
  }

  public double lower() {
    return lower;
  }

  @Override
  public Var forward(Var unconstrained) {
    Var s = unconstrained.softplus();
    return lower == 0 ? s : s.addScalar(lower);
  }

  @Override
  public Matrix inverse(Matrix constrained) {
    Matrix out = new Matrix(constrained.rows(), constrained.cols());
    double[] c = constrained.data();
    for (int i = 0; i < c.length; i++) {
      double y = c[i] - lower;
      if (!(y > 0) || !Double.isFinite(c[i])) {
        throw new IllegalArgumentException("value " + c[i] + " at index " + i + " must be finite and greater than "
            + lower + " for a positive parameter");
      }
      // softplus^-1(y) = log(expm1(y)), written to stay accurate for small and large y.
      out.data()[i] = y > 30 ? y + Math.log1p(-Math.exp(-y)) : Math.log(Math.expm1(y));
    }
    return out;
  }

  /** dx/du = sigmoid(u), and log sigmoid(u) = -softplus(-u) without overflow. */
  @Override
  public Var logDetJacobian(Var unconstrained) {
    return unconstrained.neg().softplus().sum().neg();
  }

  @Override
  public String describe() {
    return "softplus(>" + Numbers.format(lower) + ")";
  }
}
