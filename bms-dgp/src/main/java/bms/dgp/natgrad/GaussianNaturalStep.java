package bms.dgp.natgrad;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * One natural-gradient step for one Gaussian q = N(m, S), S = R R^T, from the gradients of the
 * bound L with respect to m and to the lower triangle of R (what autodiff gives for the stored
 * factor). Everything is written in terms of the M x M matrix
 * <pre>
 *   P = R^T G R = sym(Phi(R^T dL/dR)),   G = dL/dS,
 * </pre>
 * where Phi keeps the lower triangle and halves the diagonal (the Cholesky backward pass,
 * Murray 2016), so no inverse of R is ever formed. With dL/d eta = (g_m - 2 G m, G):
 * <pre>
 *   natural:      S'^-1 = S^-1 - 2 gamma G   ->  R' = R U,  U U^T = (I - 2 gamma P)^-1 (U lower),
 *                 m'    = m + gamma S' g_m
 *   expectation:  m'    = m + gamma S g_m,
 *                 S'    = S + 2 gamma S G S - gamma^2 (S g_m)(S g_m)^T  ->  R' = R chol(I + 2 gamma P - gamma^2 w w^T),
 *                 w = R^T g_m
 * </pre>
 * U comes from the Cholesky factor of the row-and-column reversal of B = I - 2 gamma P: if
 * J B J = C C^T then B^-1 = (J C^-T J)(J C^-T J)^T with J C^-T J lower triangular. A step that
 * leaves B indefinite (too large for a non-conjugate bound) returns null.
 */
public final class GaussianNaturalStep {
  private GaussianNaturalStep() {}

  /** The new (m, R) of a full-covariance step, or null if the step leaves S' not positive definite. */
  public record Full(double[] mean, double[] sqrt) {}

  /**
   * @param m the mean, length M
   * @param r R, M x M row-major, lower triangular
   * @param gm dL/dm
   * @param gr dL/dR on the lower triangle (the strict upper triangle is ignored)
   */
  public static Full full(double[] m, double[] r, double[] gm, double[] gr, double gamma, QParameterisation how) {
    int n = m.length;
    double[] p = projectedSGradient(r, gr, n);
    DMatrixRMaj rm = DMatrixRMaj.wrap(n, n, r.clone());
    DMatrixRMaj b = new DMatrixRMaj(n, n);
    if (how == QParameterisation.NATURAL) {
      for (int i = 0; i < n * n; i++) b.data[i] = -2 * gamma * p[i];
      for (int i = 0; i < n; i++) b.data[i * n + i] += 1.0;
      DMatrixRMaj u = inverseCholeskyLower(b);
      if (u == null) return null;
      DMatrixRMaj rNew = new DMatrixRMaj(n, n);
      CommonOps_DDRM.mult(rm, u, rNew);
      // m' = m + gamma R' R'^T g_m
      double[] t = multTransposeVector(rNew, gm);
      double[] step = multVector(rNew, t);
      double[] mNew = new double[n];
      for (int i = 0; i < n; i++) mNew[i] = m[i] + gamma * step[i];
      return new Full(mNew, zeroUpper(rNew.data, n));
    }
    double[] w = multTransposeVector(rm, gm);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) b.data[i * n + j] = 2 * gamma * p[i * n + j] - gamma * gamma * w[i] * w[j];
      b.data[i * n + i] += 1.0;
    }
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
    if (!chol.decompose(b)) return null;
    DMatrixRMaj lb = DMatrixRMaj.wrap(n, n, zeroUpper(chol.getT(null).data, n));
    if (!finite(lb.data)) return null;
    DMatrixRMaj rNew = new DMatrixRMaj(n, n);
    CommonOps_DDRM.mult(rm, lb, rNew);
    double[] dm = multVector(rm, w);
    double[] mNew = new double[n];
    for (int i = 0; i < n; i++) mNew[i] = m[i] + gamma * dm[i];
    return new Full(mNew, zeroUpper(rNew.data, n));
  }

  /**
   * The mean-field version: S = diag(r^2), P_i = r_i (dL/dr_i) / 2. Returns {m', r'} (r' > 0), or
   * null if the step leaves some variance non-positive.
   */
  public static double[][] diagonal(double[] m, double[] r, double[] gm, double[] gr, double gamma,
      QParameterisation how) {
    int n = m.length;
    double[] mNew = new double[n];
    double[] rNew = new double[n];
    for (int i = 0; i < n; i++) {
      double p = 0.5 * r[i] * gr[i];
      double b;
      if (how == QParameterisation.NATURAL) {
        b = 1 - 2 * gamma * p;
        if (!(b > 0) || !Double.isFinite(b)) return null;
        rNew[i] = Math.abs(r[i]) / Math.sqrt(b);
        mNew[i] = m[i] + gamma * rNew[i] * rNew[i] * gm[i];
      } else {
        double w = r[i] * gm[i];
        b = 1 + 2 * gamma * p - gamma * gamma * w * w;
        if (!(b > 0) || !Double.isFinite(b)) return null;
        rNew[i] = Math.abs(r[i]) * Math.sqrt(b);
        mNew[i] = m[i] + gamma * r[i] * r[i] * gm[i];
      }
      if (!(rNew[i] > 0) || !Double.isFinite(rNew[i]) || !Double.isFinite(mNew[i])) return null;
    }
    return new double[][] {mNew, rNew};
  }

  /**
   * dL/d eta = (g_m - 2 G m, G) with G = dL/dS = R^-T P R^-1 (the natural gradient in theta), as
   * {mean part (M), covariance part (M x M row-major, symmetric)}. The steps never form it; it is
   * here for checking them. Needs R invertible.
   */
  public static double[][] expectationGradient(double[] m, double[] r, double[] gm, double[] gr) {
    int n = m.length;
    double[] p = projectedSGradient(r, gr, n);
    double[] rInv = new double[n * n];
    TriangularSolver_DDRM.invertLower(zeroUpper(r, n), rInv, n);
    DMatrixRMaj ri = DMatrixRMaj.wrap(n, n, rInv);
    DMatrixRMaj pm = DMatrixRMaj.wrap(n, n, p);
    DMatrixRMaj tmp = new DMatrixRMaj(n, n);
    DMatrixRMaj g = new DMatrixRMaj(n, n);
    CommonOps_DDRM.multTransA(ri, pm, tmp);
    CommonOps_DDRM.mult(tmp, ri, g);
    double[] gmNew = multVector(g, m);
    double[] g1 = new double[n];
    for (int i = 0; i < n; i++) g1[i] = gm[i] - 2 * gmNew[i];
    return new double[][] {g1, g.data};
  }

  /**
   * P = R^T G R from the lower-triangle gradient of R: sym(Phi(R^T gr)), M x M row-major.
   * Symmetric whatever the strict upper triangle of {@code gr} holds (it is ignored).
   */
  static double[] projectedSGradient(double[] r, double[] gr, int n) {
    double[] x = new double[n * n];
    // X = R^T lower(gr): X_ij = sum_k R_ki gr_kj over k >= max(i, j) (both lower triangular).
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = i; k < n; k++) s += r[k * n + i] * gr[k * n + j];
        x[i * n + j] = s;
      }
    }
    double[] p = new double[n * n];
    for (int i = 0; i < n; i++) {
      p[i * n + i] = 0.5 * x[i * n + i];
      for (int j = 0; j < i; j++) {
        double v = 0.5 * x[i * n + j];
        p[i * n + j] = v;
        p[j * n + i] = v;
      }
    }
    return p;
  }

  /** The lower-triangular U with U U^T = B^-1, or null when B is not positive definite. */
  private static DMatrixRMaj inverseCholeskyLower(DMatrixRMaj b) {
    int n = b.numRows;
    DMatrixRMaj flipped = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) flipped.data[i * n + j] = b.data[(n - 1 - i) * n + (n - 1 - j)];
    }
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
    if (!chol.decompose(flipped)) return null;
    DMatrixRMaj c = chol.getT(null);
    for (int i = 0; i < n; i++) {
      if (!(c.data[i * n + i] > 0) || !Double.isFinite(c.data[i * n + i])) return null;
    }
    DMatrixRMaj cInv = new DMatrixRMaj(n, n);
    TriangularSolver_DDRM.invertLower(zeroUpper(c.data, n), cInv.data, n);
    // U = J C^-T J: U_ij = (C^-1)_{n-1-j, n-1-i}.
    DMatrixRMaj u = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) u.data[i * n + j] = cInv.data[(n - 1 - j) * n + (n - 1 - i)];
    }
    return finite(u.data) ? u : null;
  }

  private static double[] multVector(DMatrixRMaj a, double[] x) {
    int n = a.numRows;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < a.numCols; j++) s += a.data[i * a.numCols + j] * x[j];
      y[i] = s;
    }
    return y;
  }

  private static double[] multTransposeVector(DMatrixRMaj a, double[] x) {
    int n = a.numCols;
    double[] y = new double[n];
    for (int i = 0; i < a.numRows; i++) {
      double xi = x[i];
      for (int j = 0; j < n; j++) y[j] += a.data[i * n + j] * xi;
    }
    return y;
  }

  private static double[] zeroUpper(double[] a, int n) {
    double[] out = a.clone();
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) out[i * n + j] = 0.0;
    return out;
  }

  private static boolean finite(double[] a) {
    for (double v : a) if (!Double.isFinite(v)) return false;
    return true;
  }
}
