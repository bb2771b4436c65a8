package bms.dgp.conditionals;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.dgp.variational.QForm;

/**
 * The Gaussian conditional of sparse variational GPs as one pure function of
 * (Kmn, Kmm, diag Knn, q_mu, q_sqrt, whiten): the marginals of q(f_n) = int p(f_n | u) q(u) du
 * for K latent GPs that share the inducing variables and the kernel (so Kmm is factorised once
 * and Kmn solved once for all of them).
 *
 * <p>With Lm = chol(Kmm) and A = Lm^-1 Kmn (M x N), BACKGROUND.md section 2:
 * <pre>
 *   whitened (u = Lm v, q(v) = N(m, R R^T)):  mean = A^T m,   var = knn - ||A_n||^2 + ||R^T A_n||^2
 *   unwhitened (q(u) = N(m, R R^T)):          B = Lm^-T A = Kmm^-1 Kmn,
 *                                             mean = B^T m,   var = knn - ||A_n||^2 + ||R^T B_n||^2
 * </pre>
 * Nothing N x N is formed: the cost is O(M^2 N K).
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

    Var a = lm.solveTriangular(kmn, true, false);
    Var proj = whiten ? a : lm.solveTriangular(a, true, true);
    Var mean = proj.tmatmul(qMu);
    Var base = knnDiag.sub(columnSquaredNorms(a));
    Var spread = form == QForm.FULL
        ? ProjectedSquares.apply(proj, qSqrt)
        : proj.square().tmatmul(qSqrt.square());
    return new Marginals(mean, spread.add(base));
  }

  /** ||A[:, n]||^2 for each column n, as an N x 1 node. */
  static Var columnSquaredNorms(Var a) {
    Matrix av = a.value();
    int m = av.rows(), n = av.cols();
    double[] d = av.data();
    Matrix out = new Matrix(n, 1);
    double[] o = out.data();
    for (int i = 0; i < m; i++) {
      int row = i * n;
      for (int c = 0; c < n; c++) o[c] += d[row + c] * d[row + c];
    }
    return Var.op("columnSquaredNorms", out, (g, sink) -> {
      Matrix ga = new Matrix(m, n);
      double[] gd = ga.data();
      double[] gg = g.data();
      for (int i = 0; i < m; i++) {
        int row = i * n;
        for (int c = 0; c < n; c++) gd[row + c] = 2.0 * d[row + c] * gg[c];
      }
      sink.accumulate(a, ga);
    }, a);
  }
}
