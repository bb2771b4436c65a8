package bms.core.param;

import bms.core.autodiff.Var;
import org.apache.commons.math3.special.Gamma;

/**
 * Independent Gamma(shape k, rate b) on every entry (mean k / b):
 * {@code log p(x) = k log b - log Gamma(k) + (k - 1) log x - b x} for x > 0, and minus infinity
 * elsewhere.
 */
public final class GammaPrior implements Prior {
  private final double shape;
  private final double rate;
  private final double logNormaliser;

  public GammaPrior(double shape, double rate) {
    Numbers.requirePositive("Gamma", "shape", shape);
    Numbers.requirePositive("Gamma", "rate", rate);
    this.shape = shape;
    this.rate = rate;
    this.logNormaliser = shape * Math.log(rate) - Gamma.logGamma(shape);
  }

  public double shape() {
    return shape;
  }

  public double rate() {
    return rate;
  }

  @Override
  public Var logDensity(Var x) {
    if (!Numbers.allPositive(x.value().data())) {
      return Var.constant(Double.NEGATIVE_INFINITY);
    }
    int n = x.value().size();
    Var terms = x.mulScalar(-rate);
    if (shape != 1.0) {
      // Skipped at k = 1 (the exponential), where the term is exactly zero.
      terms = terms.add(x.log().mulScalar(shape - 1.0));
    }
    return terms.sum().addScalar(n * logNormaliser);
  }

  @Override
  public String describe() {
    return "Gamma(" + Numbers.format(shape) + ", " + Numbers.format(rate) + ")";
  }
}
