package bms.dgp.likelihoods;

import bms.core.matrix.Matrix;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Gauss-Hermite quadrature rewritten for expectations under a standard normal:
 * E[g(z)] ~= sum_h w_h g(z_h), with z_h = sqrt(2) x_h and w_h = omega_h / sqrt(pi) from the
 * Hermite rule int g(x) exp(-x^2) dx ~= sum omega_h g(x_h) (Commons Math). Under N(mu, var),
 * f_h = mu + sqrt(var) z_h.
 */
public final class GaussHermite {
  private final double[] nodes;
  private final double[] weights;

  public GaussHermite(int points) {
    if (points < 1 || points > 100) {
      throw new IllegalArgumentException("Gauss-Hermite points must be in [1, 100], got " + points);
    }
    GaussIntegrator rule = new GaussIntegratorFactory().hermite(points);
    nodes = new double[points];
    weights = new double[points];
    for (int h = 0; h < points; h++) {
      nodes[h] = Math.sqrt(2.0) * rule.getPoint(h);
      weights[h] = rule.getWeight(h) / Math.sqrt(Math.PI);
    }
  }

  public int size() {
    return nodes.length;
  }

  /** Standard normal nodes z_h. */
  public double[] nodes() {
    return nodes.clone();
  }

  /** Weights w_h (they sum to one). */
  public double[] weights() {
    return weights.clone();
  }

  /** The nodes as a 1 x H row, for broadcasting against an N x 1 column. */
  public Matrix nodeRow() {
    return Matrix.row(nodes);
  }

  /** The weights as an H x 1 column, for a matrix product that sums over nodes. */
  public Matrix weightColumn() {
    return Matrix.column(weights);
  }

  /** log w_h as a 1 x H row. */
  public Matrix logWeightRow() {
    double[] lw = new double[weights.length];
    for (int h = 0; h < lw.length; h++) lw[h] = Math.log(weights[h]);
    return Matrix.row(lw);
  }
}
