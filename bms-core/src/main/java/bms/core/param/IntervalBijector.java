package bms.core.param;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** Values in the open interval (lo, hi): {@code x = lo + (hi - lo) * sigmoid(u)}. */
public final class IntervalBijector implements Bijector {
  private final double lo;
  private final double hi;

  public IntervalBijector(double lo, double hi) {
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("interval bijector needs finite lo < hi, got (" + lo + ", " + hi + ")");
    }
    this.lo = lo;
    this.hi = hi;
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  @Override
  public Var forward(Var unconstrained) {
    return unconstrained.sigmoid().mulScalar(hi - lo).addScalar(lo);
  }

  @Override
  public Matrix inverse(Matrix constrained) {
    Matrix out = new Matrix(constrained.rows(), constrained.cols());
    double[] c = constrained.data();
    for (int i = 0; i < c.length; i++) {
      double p = (c[i] - lo) / (hi - lo);
      if (!(p > 0 && p < 1)) {
        throw new IllegalArgumentException("value " + c[i] + " at index " + i + " is outside the open interval ("
            + lo + ", " + hi + ")");
      }
      out.data()[i] = Math.log(p) - Math.log1p(-p);
    }
    return out;
  }

  /**
   * dx/du = (hi - lo) sigmoid(u) sigmoid(-u), so
   * {@code log dx/du = log(hi - lo) - softplus(-u) - softplus(u)}.
   */
  @Override
  public Var logDetJacobian(Var unconstrained) {
    Var s = unconstrained.softplus().add(unconstrained.neg().softplus());
    return s.sum().neg().addScalar(unconstrained.value().size() * Math.log(hi - lo));
  }

  @Override
  public String describe() {
    return "sigmoid(" + Numbers.format(lo) + ", " + Numbers.format(hi) + ")";
  }
}
