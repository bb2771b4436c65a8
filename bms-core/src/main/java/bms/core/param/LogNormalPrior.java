package bms.core.param;

import bms.core.autodiff.Var;

/**
 * Independent LogNormal on every entry (log x ~ Normal(mu, sigma^2)):
 * {@code log p(x) = -log x - (log x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2} for x > 0,
 * and minus infinity elsewhere (so an optimiser treats such a point as infeasible).
 */
public final class LogNormalPrior implements Prior {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final double mu;
  private final double sigma;

  public LogNormalPrior(double mu, double sigma) {
    Numbers.requireFinite("LogNormal", "mu", mu);
    Numbers.requirePositive("LogNormal", "sigma", sigma);
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
    if (!Numbers.allPositive(x.value().data())) {
      return Var.constant(Double.NEGATIVE_INFINITY);
    }
    int n = x.value().size();
    Var lx = x.log();
    Var z = lx.addScalar(-mu).divScalar(sigma);
    return z.square().mulScalar(-0.5).sub(lx).sum().addScalar(-n * (Math.log(sigma) + HALF_LOG_2PI));
  }

  @Override
  public String describe() {
    return "LogNormal(" + Numbers.format(mu) + ", " + Numbers.format(sigma) + ")";
  }
}
