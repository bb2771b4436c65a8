package bms.dgp.evidence;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;

/**
 * Prequential evidence of the conjugate GP models: log p(y) = sum_i log p(y_i | y_earlier), each
 * term a Gaussian one-step-ahead prediction, computed by updates of one Cholesky factor as the
 * points arrive (never n refits).
 *
 * <ul>
 *   <li>{@link #gpr}: exact GP regression. The factor of K + s2 I grows by one row per point
 *       ({@link GrowingCholesky}), O(N^2) per point; the sum is GPR's exact log marginal
 *       likelihood for every order.
 *   <li>{@link #nystrom}: SGPR's model. Titsias' collapsed bound is
 *       log N(y | m, Qff + s2 I) - tr(Kff - Qff) / (2 s2); its first term, the evidence of the
 *       Nystrom (DTC) model, is a Bayesian linear model on the features (Lu^-1 Kuf)^T and so
 *       decomposes prequentially by rank-one updates of the M x M posterior precision, O(M^2)
 *       per point. The trace term has no prequential form of its own: it is a sum over points of
 *       (k_ii - q_ii) / (2 s2) that does not depend on the order ({@link #sgprTraceTerm}).
 * </ul>
 */
public final class Prequential {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private Prequential() {}

  /** GPR's log marginal likelihood as one-step-ahead terms in {@code order}. */
  public static PrequentialEvidence gpr(GPR model, int[] order) {
    Dataset data = model.data();
    int n = data.size(), p = data.y().cols();
    Orders.requirePermutation(order, n);
    Matrix k = model.kernel().K(Var.constant(data.x())).value();
    Matrix r = residuals(data, model.meanFunction());
    double s2 = model.likelihood().variance().scalar();
    GrowingCholesky chol = new GrowingCholesky(n);
    double[][] alpha = new double[p][n]; // L^-1 r in the order seen, per column
    double[] terms = new double[n];
    for (int t = 0; t < n; t++) {
      int i = order[t];
      double[] kCol = new double[t];
      for (int j = 0; j < t; j++) kCol[j] = k.get(order[j], i);
      double[] l = chol.append(kCol, k.get(i, i) + s2);
      double d = chol.lastDiagonal();
      double term = 0;
      for (int c = 0; c < p; c++) {
        // mean of y_i given earlier = l^T alpha; standardised residual = (r_i - mean) / d
        double a = (r.get(i, c) - dotPrefix(l, alpha[c])) / d;
        alpha[c][t] = a;
        term += -0.5 * LOG_2PI - Math.log(d) - 0.5 * a * a;
      }
      terms[t] = term;
    }
    return new PrequentialEvidence(order, terms);
  }

  /** log N(y | m, Qff + s2 I) of the SGPR model as one-step-ahead terms in {@code order}. */
  public static PrequentialEvidence nystrom(SGPR model, int[] order) {
    return nystromModel(model).prequential(order);
  }

  /** The Nystrom model of an SGPR as Bayesian linear regression: features (Lu^-1 Kuf)^T, unit prior. */
  public static BayesianLinearModel nystromModel(SGPR model) {
    Matrix r = residuals(model.data(), model.meanFunction());
    return new BayesianLinearModel(model.nystromFeatures(), r, 1.0, model.likelihood().variance().scalar());
  }

  /** P tr(Kff - Qff) / (2 s2): what SGPR's collapsed bound subtracts from the Nystrom evidence. */
  public static double sgprTraceTerm(SGPR model) {
    Dataset data = model.data();
    Matrix phi = model.nystromFeatures();
    double kff = sum(model.kernel().Kdiag(Var.constant(data.x())).value());
    double qff = 0;
    for (double v : phi.data()) qff += v * v;
    return data.y().cols() * (kff - qff) / (2 * model.likelihood().variance().scalar());
  }

  /** sum_j l[j] a[j] over the length of l. */
  private static double dotPrefix(double[] l, double[] a) {
    double s = 0;
    for (int j = 0; j < l.length; j++) s += l[j] * a[j];
    return s;
  }

  private static double sum(Matrix m) {
    double s = 0;
    for (double v : m.data()) s += v;
    return s;
  }

  private static Matrix residuals(Dataset data, bms.dgp.meanfunctions.MeanFunction mean) {
    if (mean.isZero()) return data.y();
    Matrix m = mean.apply(Var.constant(data.x()), data.y().cols()).value();
    Matrix r = data.y().copy();
    for (int i = 0; i < r.data().length; i++) r.data()[i] -= m.data()[i];
    return r;
  }
}
