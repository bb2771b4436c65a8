package bms.dgp.evidence;

import bms.core.matrix.Matrix;
import bms.dgp.testing.Dense;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Whether K samples (columns of an F x K matrix) could come from N(mu, S), within Monte Carlo
 * error. The samples are whitened, z_k = L^-1 (w_k - mu) with S = L L^T, so under the hypothesis
 * the z_k are independent N(0, I):
 * <ul>
 *   <li>mean: K ||mean(z)||^2 ~ chi^2_F; refused above its 1 - 1e-7 quantile;
 *   <li>covariance: C = (1/K) sum z z^T has entries with mean delta_ij and standard deviation
 *       sqrt((1 + delta_ij) / K) (the Gaussian fourth moments); refused when an entry is more than
 *       5.5 standard deviations off (two-sided 4e-8 per entry; below 1e-6 for the F(F+1)/2 <= 21
 *       entries tested).
 * </ul>
 * The thresholds make a false alarm on the fixed seeds improbable (under 1e-6 per check), while
 * an error of a few percent of a posterior standard deviation is caught at K in the thousands.
 */
final class PosteriorCheck {
  static final double COVARIANCE_Z = 5.5;

  /** What the check found; {@code passes()} is whether both statistics are within their thresholds. */
  record Result(double meanStatistic, double meanThreshold, double worstCovarianceZ) {
    boolean passes() {
      return meanStatistic <= meanThreshold && worstCovarianceZ <= COVARIANCE_Z;
    }

    @Override
    public String toString() {
      return String.format("K|mean z|^2 = %.3f (threshold %.3f), worst covariance entry %.3f sd (threshold %.1f)",
          meanStatistic, meanThreshold, worstCovarianceZ, COVARIANCE_Z);
    }
  }

  private PosteriorCheck() {}

  static Result check(Matrix samples, Matrix mu, Matrix cov) {
    int f = samples.rows(), k = samples.cols();
    Matrix linv = Dense.inverse(Dense.chol(cov));
    Matrix centred = new Matrix(f, k);
    for (int i = 0; i < f; i++) {
      for (int j = 0; j < k; j++) centred.set(i, j, samples.get(i, j) - mu.get(i, 0));
    }
    Matrix z = Dense.mul(linv, centred);
    double meanStat = 0;
    for (int i = 0; i < f; i++) {
      double m = 0;
      for (int j = 0; j < k; j++) m += z.get(i, j);
      m /= k;
      meanStat += k * m * m;
    }
    double worst = 0;
    for (int a = 0; a < f; a++) {
      for (int b = 0; b <= a; b++) {
        double c = 0;
        for (int j = 0; j < k; j++) c += z.get(a, j) * z.get(b, j);
        c /= k;
        double expected = a == b ? 1 : 0;
        double sd = Math.sqrt((1 + expected) / k);
        worst = Math.max(worst, Math.abs(c - expected) / sd);
      }
    }
    double threshold = new ChiSquaredDistribution(f).inverseCumulativeProbability(1 - 1e-7);
    return new Result(meanStat, threshold, worst);
  }
}
