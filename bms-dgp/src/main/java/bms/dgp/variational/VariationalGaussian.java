package bms.dgp.variational;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.param.PositiveBijector;

/**
 * q(u) = N(q_mu, R R^T) for K independent latent GPs sharing M inducing variables: q_mu is
 * M x K, and R is stored in {@link QForm#FULL} or {@link QForm#DIAGONAL} form. Whether u is
 * whitened is decided by the layer that uses it, not here.
 */
public final class VariationalGaussian extends Module {
  private final int numInducing;
  private final int numLatent;
  private final QForm form;
  private final Parameter qMu;
  private final Parameter qSqrt;

  /**
   * q_mu = 0 and R = {@code scale} * I: with whitening this is the prior when scale = 1, and near
   * a point mass at the prior mean for inner deep-GP layers (scale 1e-5, Salimbeni and
   * Deisenroth 2017).
   */
  public VariationalGaussian(int numInducing, int numLatent, QForm form, double scale) {
    if (numInducing <= 0 || numLatent <= 0) {
      throw new IllegalArgumentException("need at least one inducing variable and one latent GP, got M=" + numInducing
          + ", K=" + numLatent);
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("initial q_sqrt scale must be positive and finite, got " + scale);
    }
    this.numInducing = numInducing;
    this.numLatent = numLatent;
    this.form = form;
    this.qMu = addParameter("q_mu", Parameter.unconstrained(new Matrix(numInducing, numLatent)));
    if (form == QForm.FULL) {
      Matrix r = new Matrix(numLatent * numInducing, numInducing);
      for (int b = 0; b < numLatent; b++) {
        for (int i = 0; i < numInducing; i++) r.data()[(b * numInducing + i) * numInducing + i] = scale;
      }
      this.qSqrt = addParameter("q_sqrt", Parameter.lowerTriangular(r));
    } else {
      // Softplus with no lower bound: the KL's log|R| keeps it away from zero.
      this.qSqrt = addParameter("q_sqrt",
          new Parameter(Matrix.filled(numInducing, numLatent, scale), new PositiveBijector(0.0)));
    }
  }

  public int numInducing() {
    return numInducing;
  }

  public int numLatent() {
    return numLatent;
  }

  public QForm form() {
    return form;
  }

  public Parameter qMu() {
    return qMu;
  }

  public Parameter qSqrt() {
    return qSqrt;
  }

  /** Sets q_mu (M x K) and q_sqrt (in this form's shape), checking shapes. */
  public void assign(Matrix mu, Matrix sqrt) {
    if (mu.rows() != numInducing || mu.cols() != numLatent) {
      throw new IllegalArgumentException("q_mu must be " + numInducing + "x" + numLatent + ", got " + mu.shapeString());
    }
    form.checkShape(sqrt.rows(), sqrt.cols(), numInducing, numLatent);
    qMu.assign(mu);
    qSqrt.assign(sqrt);
  }
}
