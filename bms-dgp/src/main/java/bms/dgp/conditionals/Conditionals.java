package bms.dgp.conditionals;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.dgp.variational.QForm;
import bms.dgp.variational.StackedBlocks;

/**
 * The Gaussian conditional of sparse variational GPs as one pure function of
 * (Kmn, Kmm, diag Knn, q_mu, q_sqrt, whiten): the marginals of q(f_n) = int p(f_n | u) q(u) du
 * for K latent GPs that share the inducing variables and the kernel (so Kmm is factorised once
 * and Kmn solved once for all of them).
 *
 * <p>With Lm = chol(Kmm) and A = Lm^-1 Kmn (M x N), docs/BACKGROUND.md section 2:
 * <pre>
 *   whitened (u = Lm v, q(v) = N(m, R R^T)):  mean = A^T m,   var = knn - ||A_n||^2 + ||R^T A_n||^2
 *   unwhitened (q(u) = N(m, R R^T)):          B = Lm^-T A = Kmm^-1 Kmn,
 *                                             mean = B^T m,   var = knn - ||A_n||^2 + ||R^T B_n||^2
 * </pre>
 * Both variance terms are computed as one quadratic form in a_n = A[:, n],
 * <pre>
 *   var_nk = knn - a_n^T C_k a_n,   C_k = I - P_k P_k^T,   P_k = R_k (whitened), Lm^-1 R_k (unwhitened),
 * </pre>
 * with the C_k formed at O(K M^3). The N-sized work is then A = Lm^-1 Kmn and one
 * (K*M) x M x N product each way (forward and backward), against three such products when
 * P^T A is formed. C_k is well conditioned (unlike Kmm^-1 - ..., which would square the
 * condition number of Kmm), so the variances are as accurate as from ||A_n||^2 and ||P^T A_n||^2.
 * When the minibatch is small against M (3 N < 4 M, e.g. M = 1000 with N = 200) forming the
 * C_k costs more than the products it saves, and the full form computes
 * knn - ||a_n||^2 + ||P_k^T a_n||^2 from T = [P_1 .. P_K]^T A instead (one product forward,
 * two backward). Nothing N x N is formed.
 */
public final class Conditionals {
  private Conditionals() {}

  /** Factorises {@code kmm} (with {@code jitter}) and returns the marginals. */
  public static Marginals marginals(Var kmn, Var kmm, Var knnDiag, Var qMu, Var qSqrt, QForm form, boolean whiten,
      JitterPolicy jitter) {
    if (!kmm.value().isSquare() || kmm.rows() != kmn.rows()) {
      throw new IllegalArgumentException("Kmm must be square with as many rows as Kmn (" + kmn.value().shapeString()
          + "), got " + kmm.value().shapeString());
    }
    return marginalsGivenCholesky(kmn, kmm.cholesky(jitter, "Kuu"), knnDiag, qMu, qSqrt, form, whiten);
  }

  /** The marginals given {@code lm} = chol(Kmm), lower triangular. */
  public static Marginals marginalsGivenCholesky(Var kmn, Var lm, Var knnDiag, Var qMu, Var qSqrt, QForm form,
      boolean whiten) {
    int m = kmn.rows();
    int n = kmn.cols();
    if (lm.rows() != m || lm.cols() != m) {
      throw new IllegalArgumentException("chol(Kmm) must be " + m + "x" + m + " to match Kmn " + kmn.value().shapeString()
          + ", got " + lm.value().shapeString());
    }
    if (knnDiag.rows() != n || knnDiag.cols() != 1) {
      throw new IllegalArgumentException("diag Knn must be " + n + "x1 to match Kmn " + kmn.value().shapeString()
          + ", got " + knnDiag.value().shapeString());
    }
    if (qMu.rows() != m) {
      throw new IllegalArgumentException("q_mu must have " + m + " rows (one per inducing variable), got "
          + qMu.value().shapeString());
    }
    int k = qMu.cols();
    form.checkShape(qSqrt.rows(), qSqrt.cols(), m, k);

    // A = Lm^-1 Kmn through the explicit inverse when N is large: a product runs several times
    // faster than a triangular solve with N right-hand sides, in both directions, and Lm
    // (jittered) is well conditioned enough for the difference in rounding not to matter. For
    // minibatches smaller than about 2M the inverse's own M^3 work dominates, and the whitened
    // form (which needs no Lm^-1 elsewhere) solves directly.
    boolean solve = whiten && solveIsCheaper(m, n);
    Var linv = solve ? null : lm.solveTriangular(Var.constant(Matrix.identity(m)), true, false);
    Var a = solve ? lm.solveTriangular(kmn, true, false) : linv.matmul(kmn);
    Var mean = a.tmatmul(whiten ? qMu : linv.matmul(qMu));
    if (whiten && form == QForm.DIAGONAL) {
      // C_k = I - diag(r_k^2): a^T C_k a = sum_i a_i^2 (1 - r_ik^2), one product.
      return new Marginals(mean, knnDiag.sub(a.square().tmatmul(qSqrt.square().rsubScalar(1.0))));
    }
    Var pSide;
    if (form == QForm.FULL) {
      Var side = StackedBlocks.sideBySide(qSqrt);
      pSide = whiten ? side : linv.matmul(side);
    } else {
      pSide = Var.concatCols(repeat(linv, k)).mul(qSqrt.t().reshape(1, k * m));
    }
    if (form == QForm.FULL && projectedIsCheaper(m, n)) {
      // var = knn - ||a_n||^2 + ||P_k^T a_n||^2 with T = [P_1 .. P_K]^T A in one product.
      Var t = pSide.tmatmul(a);
      Var explained = a.square().colSums().t();
      return new Marginals(mean, knnDiag.sub(explained).add(BlockNorms.columnSquaredNorms(t, k)));
    }
    Var c = Var.constant(stackedIdentity(m, k)).sub(StackedBlocks.grams(pSide));
    return new Marginals(mean, knnDiag.sub(QuadraticForms.diagonal(a, c)));
  }

  /**
   * Whether T = P^T A (6 K M^2 N flops forward and backward) is cheaper than the Gram form
   * C_k = I - P_k P_k^T (4 K M^3 + 3 K M^2 N): when 3 N < 4 M, that is for minibatches smaller
   * than about the number of inducing points. Both are exact; they differ in rounding only.
   */
  public static boolean projectedIsCheaper(int m, int n) {
    return 3L * n < 4L * m;
  }

  /**
   * Whether A = Lm^-1 Kmn is cheaper by a triangular solve (M^2 N forward, 3 M^2 N backward)
   * than through Lm^-1 (3 M^3 with its backward, plus 6 M^2 N for the products), counting a
   * solve's flop at about three of a product's: when N < 2 M.
   */
  public static boolean solveIsCheaper(int m, int n) {
    return n < 2L * m;
  }

  /** K identity matrices stacked: (K*M) x M. */
  private static Matrix stackedIdentity(int m, int k) {
    Matrix out = new Matrix(k * m, m);
    for (int b = 0; b < k; b++) {
      for (int i = 0; i < m; i++) out.data()[(b * m + i) * m + i] = 1.0;
    }
    return out;
  }

  private static java.util.List<Var> repeat(Var v, int times) {
    return java.util.Collections.nCopies(times, v);
  }
}
