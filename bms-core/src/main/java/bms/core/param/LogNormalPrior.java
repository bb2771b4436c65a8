package bms.core.param;

import bms.core.autodiff.Var;

/**
 * Independent LogNormal on every entry (log x ~ Normal(mu, sigma^2)):
 * {@code log p(x) = -log x - (log x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2} for x > 0,
 * and minus infinity elsewhere (so an optimiser treats such a point as infeasible).
 */
public final class LogNormalPrior implements Prior {
  /** The density of log x; the change of variables adds -log x. */
  private final NormalPrior ofLog;

  public LogNormalPrior(double mu, double sigma) {
    Numbers.requireFinite("LogNormal", "mu", mu);
    Numbers.requirePositive("LogNormal", "sigma", sigma);
    this.ofLog = new NormalPrior(mu, sigma);
  }

  public double mu() {
    return ofLog.mu();
  }

  public double sigma() {
    return ofLog.sigma();
  }

  @Override
  public Var logDensity(Var x) {
    if (!Numbers.allPositive(x.value().data())) {
      return Var.constant(Double.NEGATIVE_INFINITY);
    }
    Var lx = x.log();
    return ofLog.logDensity(lx).sub(lx.sum());
  }

  @Override
  public String describe() {
    return "LogNormal(" + Numbers.format(mu()) + ", " + Numbers.format(sigma()) + ")";
  }
}
