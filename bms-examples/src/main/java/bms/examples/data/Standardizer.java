package bms.examples.data;

import bms.core.matrix.Matrix;

/**
 * Per-column standardisation fitted on training data, and the maps that take model outputs back
 * to the original units.
 *
 * <p>x' = (x - m_x) / s_x and y' = (y - m_y) / s_y per column, with m the mean and s the
 * population standard deviation of the training column. A constant column (all training values
 * equal, e.g. T1 and P1 of naval) gets s = 1 and m = its value, so it maps to exactly 0 instead
 * of dividing by zero.
 *
 * <p>Back to original units: mean' -> mean' s_y + m_y, variance' -> variance' s_y^2, and a log
 * density of the standardised target shifts by the log-Jacobian,
 * log p(y) = log p'(y') - sum_j log s_{y,j}.
 */
public final class Standardizer {
  private final double[] xMean;
  private final double[] xScale;
  private final double[] yMean;
  private final double[] yScale;

  private Standardizer(double[] xMean, double[] xScale, double[] yMean, double[] yScale) {
    this.xMean = xMean;
    this.xScale = xScale;
    this.yMean = yMean;
    this.yScale = yScale;
  }

  /**
   * A standardiser with the given column means and scales (as saved with a model): every value
   * finite, every scale positive, x's and y's arrays of equal length.
   */
  public static Standardizer of(double[] xMean, double[] xScale, double[] yMean, double[] yScale) {
    check("x", xMean, xScale);
    check("y", yMean, yScale);
    return new Standardizer(xMean.clone(), xScale.clone(), yMean.clone(), yScale.clone());
  }

  private static void check(String which, double[] mean, double[] scale) {
    if (mean.length == 0 || mean.length != scale.length) {
      throw new IllegalArgumentException(which + " needs as many means as scales, at least one: got " + mean.length
          + " and " + scale.length);
    }
    for (int j = 0; j < mean.length; j++) {
      if (!Double.isFinite(mean[j]) || !(scale[j] > 0) || !Double.isFinite(scale[j])) {
        throw new IllegalArgumentException(which + " column " + j + ": mean " + mean[j] + " and scale " + scale[j]
            + " must be finite, the scale positive");
      }
    }
  }

  /** Fits the column means and scales of x and y on {@code train}. */
  public static Standardizer fit(NamedDataset train) {
    double[][] x = moments(train.x());
    double[][] y = moments(train.y());
    return new Standardizer(x[0], x[1], y[0], y[1]);
  }

  /** Column means and scales of m; constant columns get mean = the value, scale = 1. */
  private static double[][] moments(Matrix m) {
    int n = m.rows();
    int c = m.cols();
    double[] d = m.data();
    double[] mean = new double[c];
    double[] scale = new double[c];
    for (int j = 0; j < c; j++) {
      double first = d[j];
      boolean constant = true;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double v = d[i * c + j];
        sum += v;
        constant &= v == first;
      }
      if (constant) {
        mean[j] = first;
        scale[j] = 1.0;
        continue;
      }
      double mu = sum / n;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double e = d[i * c + j] - mu;
        ss += e * e;
      }
      mean[j] = mu;
      // Not constant, so some residual is non-zero; guard anyway against underflow to 0.
      double s = Math.sqrt(ss / n);
      scale[j] = s > 0 ? s : 1.0;
    }
    return new double[][] {mean, scale};
  }

  /** Both x and y of {@code data} standardised (the name is kept). */
  public NamedDataset apply(NamedDataset data) {
    return new NamedDataset(data.name(), transformX(data.x()), transformY(data.y()));
  }

  public Matrix transformX(Matrix x) {
    return affine(x, xMean, xScale, true, "x");
  }

  public Matrix transformY(Matrix y) {
    return affine(y, yMean, yScale, true, "y");
  }

  /** Standardised inputs back to original units. */
  public Matrix inverseX(Matrix x) {
    return affine(x, xMean, xScale, false, "x");
  }

  /** Predicted means (or samples) of y from standardised to original units. */
  public Matrix inverseY(Matrix y) {
    return affine(y, yMean, yScale, false, "y");
  }

  /** Predicted variances of y from standardised to original units: var * s_y^2 per column. */
  public Matrix inverseYVariance(Matrix variance) {
    requireCols("variance", variance, yScale.length);
    int c = yScale.length;
    double[] v = variance.data();
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      double s = yScale[k % c];
      out[k] = v[k] * s * s;
    }
    return Matrix.wrap(variance.rows(), c, out);
  }

  /**
   * Log densities of the targets from standardised to original units. Accepts n x p (one log
   * density per output column, each shifted by -log s_j) or n x 1 (the joint log density over
   * all outputs, shifted by -sum_j log s_j).
   */
  public Matrix inverseLogDensity(Matrix logDensity) {
    int c = yScale.length;
    if (logDensity.cols() != c && logDensity.cols() != 1) {
      throw new IllegalArgumentException("logDensity must be n x " + c + " or n x 1, got "
          + logDensity.shapeString());
    }
    double[] shift = new double[logDensity.cols()];
    for (int j = 0; j < c; j++) {
      shift[logDensity.cols() == 1 ? 0 : j] -= Math.log(yScale[j]);
    }
    double[] v = logDensity.data();
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k] + shift[k % shift.length];
    }
    return Matrix.wrap(logDensity.rows(), logDensity.cols(), out);
  }

  /** -sum_j log s_{y,j}: add to a joint standardised log density to get original units. */
  public double logJacobian() {
    double s = 0;
    for (double v : yScale) {
      s -= Math.log(v);
    }
    return s;
  }

  public double[] xMean() {
    return xMean.clone();
  }

  public double[] xScale() {
    return xScale.clone();
  }

  public double[] yMean() {
    return yMean.clone();
  }

  public double[] yScale() {
    return yScale.clone();
  }

  private static Matrix affine(Matrix m, double[] mean, double[] scale, boolean forward, String name) {
    requireCols(name, m, mean.length);
    int c = mean.length;
    double[] v = m.data();
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      int j = k % c;
      out[k] = forward ? (v[k] - mean[j]) / scale[j] : v[k] * scale[j] + mean[j];
    }
    return Matrix.wrap(m.rows(), c, out);
  }

  private static void requireCols(String name, Matrix m, int cols) {
    if (m.cols() != cols) {
      throw new IllegalArgumentException(
          name + " must have " + cols + " columns (as fitted), got " + m.shapeString());
    }
  }
}
