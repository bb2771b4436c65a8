package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import org.apache.commons.math3.special.Erf;

/**
 * The standard normal CDF Phi and log Phi, accurate far into the lower tail (the probit
 * likelihood and Robustmax take logs of tiny probabilities), and log Phi as a differentiable
 * node.
 */
public final class NormalCdf {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private NormalCdf() {}

  /** Phi(x) = erfc(-x / sqrt 2) / 2. */
  public static double cdf(double x) {
    return 0.5 * Erf.erfc(-x / Math.sqrt(2.0));
  }

  /** log phi(x), the standard normal log density. */
  public static double logPdf(double x) {
    return -0.5 * x * x - LOG_SQRT_2PI;
  }

  /**
   * log Phi(x). Below -30 erfc underflows, so the asymptotic series of the Mills ratio is used,
   * Phi(x) ~ phi(x)/|x| (1 - 1/x^2 + 3/x^4 - ... + 135135/x^14), whose relative error there is
   * below 1e-15. Above 8, log Phi(x) = log1p(-Phi(-x)) with the same series for the tiny
   * Phi(-x) < 7e-16 (relative error below 1e-8, absolute below 1e-23); that spares the slow
   * erfc where confident classifiers spend most of their evaluations.
   */
  public static double logCdf(double x) {
    if (x >= 8) {
      return Math.log1p(-Math.exp(logPdf(x) - Math.log(x) + Math.log(millsSeries(x))));
    }
    if (x > -30) {
      return x > 5 ? Math.log1p(-0.5 * Erf.erfc(x / Math.sqrt(2.0))) : Math.log(cdf(x));
    }
    return logPdf(x) - Math.log(-x) + Math.log(millsSeries(x));
  }

  /** sum_k (-1)^k (2k-1)!! / x^(2k) for k = 0..7, the asymptotic factor of the Mills ratio. */
  private static double millsSeries(double x) {
    double u = 1 / (x * x);
    return 1 + u * (-1 + u * (3 + u * (-15 + u * (105 + u * (-945 + u * (10395 - 135135 * u))))));
  }

  /** phi(x) / Phi(x) (the inverse Mills ratio), computed in log space. */
  public static double hazard(double x) {
    return Math.exp(logPdf(x) - logCdf(x));
  }

  /** log Phi element-wise, differentiable: d/dx log Phi(x) = phi(x)/Phi(x). */
  public static Var logCdf(Var x) {
    Matrix xv = x.value();
    double[] xd = xv.data();
    Matrix out = new Matrix(xv.rows(), xv.cols());
    double[] o = out.data();
    for (int i = 0; i < o.length; i++) o[i] = logCdf(xd[i]);
    return Var.op("logNormalCdf", out, (g, sink) -> {
      Matrix gx = new Matrix(xv.rows(), xv.cols());
      double[] gd = gx.data();
      double[] gg = g.data();
      for (int i = 0; i < gd.length; i++) gd[i] = gg[i] * Math.exp(logPdf(xd[i]) - o[i]);
      sink.accumulate(x, gx);
    }, x);
  }
}
