package bms.core.autodiff;

import bms.core.linalg.Backends;
import bms.core.linalg.Cholesky;
import bms.core.linalg.JitterPolicy;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;

/**
 * Cholesky, triangular solves and the log-determinant, with blocked matrix-form backward passes
 * (Murray 2016, "Differentiation of the Cholesky decomposition"): every step is a matrix
 * product or a triangular solve with a matrix right-hand side, so the backward pass runs at
 * BLAS-3 speed rather than in element loops.
 */
final class LinalgOps {
  private LinalgOps() {}

  static Var cholesky(Var a, JitterPolicy policy, String what) {
    LinalgBackend be = Backends.current();
    Matrix l = Cholesky.factor(a.value(), what, policy, be).factor();
    int n = l.rows();
    return Var.op("cholesky", l, (lbar, sink) -> {
      // A-bar = L^-T Phi(L^T L-bar) L^-1, symmetrised; Phi keeps the lower triangle and halves
      // the diagonal. (Jitter is a constant shift, so it does not change the derivative.)
      Matrix p = Products.gemm(l, true, tril(lbar), false);
      double[] pd = p.data();
      for (int i = 0; i < n; i++) {
        pd[i * n + i] *= 0.5;
        for (int j = i + 1; j < n; j++) pd[i * n + j] = 0.0;
      }
      be.trsm(true, true, true, 1.0, l, p);   // L^-T P
      be.trsm(false, true, false, 1.0, l, p); // (L^-T P) L^-1
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double s = 0.5 * (pd[i * n + j] + pd[j * n + i]);
          pd[i * n + j] = s;
          pd[j * n + i] = s;
        }
      }
      sink.accumulate(a, p);
    }, a);
  }

  static Var solveTriangular(Var t, Var b, boolean lower, boolean trans) {
    Matrix tv = t.value();
    if (!tv.isSquare() || tv.rows() != b.rows()) {
      throw new IllegalArgumentException("solveTriangular: the factor " + t.describe()
          + " must be square with as many rows as the right-hand side " + b.describe());
    }
    LinalgBackend be = Backends.current();
    Matrix x = b.value().copy();
    be.trsm(true, lower, trans, 1.0, tv, x);
    return Var.op("solveTriangular", x, (g, sink) -> {
      // op(T) X = B:  B-bar = op(T)^-T G,  op(T)-bar = -B-bar X^T.
      Matrix bbar = g.copy();
      be.trsm(true, lower, !trans, 1.0, tv, bbar);
      if (sink.wants(b)) {
        sink.accumulate(b, bbar);
      }
      if (sink.wants(t)) {
        Matrix tbar = trans ? Products.gemm(x, false, bbar, true) : Products.gemm(bbar, false, x, true);
        double[] d = tbar.data();
        int n = tv.rows();
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            boolean inTriangle = lower ? j <= i : j >= i;
            d[i * n + j] = inTriangle ? -d[i * n + j] : 0.0;
          }
        }
        sink.accumulate(t, tbar);
      }
    }, t, b);
  }

  static Var logDetFromCholesky(Var l) {
    Matrix lv = l.value();
    if (!lv.isSquare()) {
      throw new IllegalArgumentException("logDetFromCholesky needs a square factor, got " + l.describe());
    }
    int n = lv.rows();
    double s = 0;
    for (int i = 0; i < n; i++) s += Math.log(lv.data()[i * n + i]);
    return Var.op("logDetFromCholesky", Matrix.scalar(2.0 * s), (g, sink) -> {
      Matrix gl = new Matrix(n, n);
      double gs = g.scalarValue();
      for (int i = 0; i < n; i++) gl.data()[i * n + i] = 2.0 * gs / lv.data()[i * n + i];
      sink.accumulate(l, gl);
    }, l);
  }

  private static Matrix tril(Matrix m) {
    int n = m.rows();
    Matrix out = m.copy();
    double[] d = out.data();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) d[i * n + j] = 0.0;
    }
    return out;
  }
}
