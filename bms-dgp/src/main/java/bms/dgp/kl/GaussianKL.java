package bms.dgp.kl;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.variational.QForm;
import bms.dgp.variational.StackedBlocks;

/**
 * KL[q(u) || p(u)] summed over K latent GPs, q = N(m_k, R_k R_k^T), for the whitened prior
 * N(0, I) and the unwhitened prior N(0, Kmm) given its Cholesky factor Lm:
 * <pre>
 *   whitened:    1/2 sum_k ( ||R_k||_F^2 + ||m_k||^2 - M - log|R_k R_k^T| )
 *   unwhitened:  1/2 sum_k ( ||Lm^-1 R_k||_F^2 + ||Lm^-1 m_k||^2 - M + log|Kmm| - log|R_k R_k^T| )
 * </pre>
 * with log|R R^T| = sum_i log(R_ii^2) (the diagonal of R may be negative).
 */
public final class GaussianKL {
  private GaussianKL() {}

  /** KL[q(v) || N(0, I)]. */
  public static Var whitened(Var qMu, Var qSqrt, QForm form) {
    int m = qMu.rows();
    int k = qMu.cols();
    form.checkShape(qSqrt.rows(), qSqrt.cols(), m, k);
    Var trace = qSqrt.sumOfSquares();
    Var mahalanobis = qMu.sumOfSquares();
    Var logDetS = logDetS(qSqrt, form);
    return trace.add(mahalanobis).sub(logDetS).addScalar(-(double) m * k).mulScalar(0.5);
  }

  /** KL[q(u) || N(0, Kmm)] with {@code lm} = chol(Kmm). */
  public static Var unwhitened(Var qMu, Var qSqrt, QForm form, Var lm) {
    int m = qMu.rows();
    int k = qMu.cols();
    form.checkShape(qSqrt.rows(), qSqrt.cols(), m, k);
    if (lm.rows() != m || lm.cols() != m) {
      throw new IllegalArgumentException("chol(Kmm) must be " + m + "x" + m + ", got " + lm.value().shapeString());
    }
    Var trace;
    if (form == QForm.FULL) {
      trace = lm.solveTriangular(StackedBlocks.sideBySide(qSqrt), true, false).square().sum();
    } else {
      // ||Lm^-1 diag(r)||_F^2 = sum_j r_j^2 ||(Lm^-1)[:, j]||^2
      Var linv = lm.solveTriangular(Var.constant(Matrix.identity(m)), true, false);
      trace = linv.square().colSums().matmul(qSqrt.square()).sum();
    }
    Var mahalanobis = lm.solveTriangular(qMu, true, false).square().sum();
    Var logDetK = lm.logDetFromCholesky().mulScalar(k);
    return trace.add(mahalanobis).add(logDetK).sub(logDetS(qSqrt, form)).addScalar(-(double) m * k).mulScalar(0.5);
  }

  private static Var logDetS(Var qSqrt, QForm form) {
    Var diag = form == QForm.FULL ? StackedBlocks.diagonals(qSqrt) : qSqrt;
    return diag.square().log().sum();
  }
}
