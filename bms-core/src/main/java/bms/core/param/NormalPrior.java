package bms.core.param;

import bms.core.autodiff.Var;

/**
 * Independent Normal(mu, sigma^2) on every entry:
 * {@code log p(x) = -(x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2}.
 */
public final class NormalPrior implements Prior {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final double mu;
  private final double sigma;

  public NormalPrior(double mu, double sigma) {
    Numbers.requireFinite("Normal", "mu", mu);
    Numbers.requirePositive("Normal", "sigma", sigma);
    this.mu = mu;
    this.sigma = sigma;
  }

  public double mu() {
    return mu;
  }

  public double sigma() {
    return sigma;
  }

  @Override
  public Var logDensity(Var x) {
    int n = x.value().size();
    Var z = x.addScalar(-mu).divScalar(sigma);
    return z.square().sum().mulScalar(-0.5).addScalar(-n * (Math.log(sigma) + HALF_LOG_2PI));
  }

  @Override
  public String describe() {
    return "Normal(" + Numbers.format(mu) + ", " + Numbers.format(sigma) + ")";
  }
}
