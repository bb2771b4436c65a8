package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * The standard normal CDF Phi and log Phi, accurate far into the lower tail (the probit
 * likelihood and Robustmax take logs of tiny probabilities), and log Phi as a differentiable
 * node.
 */
public final class NormalCdf {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private NormalCdf() {}

  /** Phi(x). */
  public static double cdf(double x) {
    return x <= 0 ? lowerTail(x) : 1 - lowerTail(x);
  }

  /** log phi(x), the standard normal log density. */
  public static double logPdf(double x) {
    return -0.5 * x * x - LOG_SQRT_2PI;
  }

  /**
   * log Phi(x). Below -30 the asymptotic series of the Mills ratio is used,
   * Phi(x) ~ phi(x)/|x| (1 - 1/x^2 + 3/x^4 - ... + 135135/x^14), whose relative error there is
   * below 1e-15. Above 8, log Phi(x) = log1p(-Phi(-x)) with the same series for the tiny
   * Phi(-x) < 7e-16 (relative error below 1e-8, absolute below 1e-23). In between,
   * {@link #lowerTail} gives Phi(-|x|) without erfc, whose Commons Math version (an incomplete
   * gamma function) costs about six times more.
   */
  public static double logCdf(double x) {
    if (x >= 8) {
      return log1mx(Math.exp(logPdf(x) - Math.log(x) + Math.log(millsSeries(x))));
    }
    if (x > -30) {
      return x > 0 ? log1mx(lowerTail(x)) : Math.log(lowerTail(x));
    }
    return logPdf(x) - Math.log(-x) + Math.log(millsSeries(x));
  }

  /**
   * log(1 - t) for 0 <= t <= 1/2, accurate to a few ulps also for tiny t: with u = 1 - t rounded,
   * log(1 - t) = log(u) (-t) / (u - 1) (Goldberg 1991, after Kahan). On JDK 17 Math.log1p is a
   * native fdlibm call per element, a tenth of an SVGP step's Java time under Robustmax; Math.log
   * is an intrinsic.
   */
  static double log1mx(double t) {
    double u = 1.0 - t;
    return u == 1.0 ? -t : Math.log(u) * -t / (u - 1.0);
  }

  /**
   * Phi(-|x|) by Hart's (1968) algorithm 5666 as presented by West (2005, "Better
   * approximations to cumulative normal functions"): a rational function times exp(-x^2/2) for
   * |x| < 7.07, and beyond it the continued fraction of the Mills ratio,
   * Phi(-z) = phi(z) / (z + 1/(z + 2/(z + 3/(z + ...)))), to 30 terms. Relative error below
   * 1e-9 of the tail probability (absolute below 1e-15), which is far below what the
   * quadratures that use it resolve.
   */
  static double lowerTail(double x) {
    double z = Math.abs(x);
    double e = Math.exp(-0.5 * z * z);
    if (z < 7.07106781186547) {
      double num = ((((((0.0352624965998911 * z + 0.700383064443688) * z + 6.37396220353165) * z
          + 33.912866078383) * z + 112.079291497871) * z + 221.213596169931) * z + 220.206867912376);
      double den = (((((((0.0883883476483184 * z + 1.75566716318264) * z + 16.064177579207) * z
          + 86.7807322029461) * z + 296.564248779674) * z + 637.333633378831) * z + 793.826512519948) * z
          + 440.413735824752);
      return e * num / den;
    }
    // West's five-term fraction is good to about 1e-8 relative here; 30 terms reach rounding.
    double cf = z;
    for (int k = 30; k >= 1; k--) cf = z + k / cf;
    return e / (cf * Math.sqrt(2 * Math.PI));
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
