package bms.kernels.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.kernels.Kernel;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Property checks that every kernel must pass, for reuse by any module that defines kernels
 * (the invariance module's kernels, for instance). Each method fails with a message that says
 * which property broke and by how much.
 */
public final class KernelProperties {
  private KernelProperties() {}

  /** K(X, X) equals its transpose to {@code tol} relative to its largest entry. */
  public static void assertSymmetric(Kernel k, Matrix x, double tol) {
    Matrix kx = k.K(Var.constant(x)).value();
    double scale = Math.max(1.0, kx.maxAbs());
    double err = kx.maxAbsDiff(kx.transpose());
    assertTrue(err <= tol * scale, name(k) + ": K(X, X) not symmetric, max |K - K^T| = " + err);
  }

  /**
   * K(X, X) is positive semi-definite: Cholesky of K + 1e-9 I succeeds and the smallest eigenvalue
   * is above -1e-9 times the largest.
   */
  public static void assertPositiveSemiDefinite(Kernel k, Matrix x) {
    Matrix kx = k.K(Var.constant(x)).value();
    int n = kx.rows();
    Matrix jittered = kx.copy();
    for (int i = 0; i < n; i++) jittered.data()[i * n + i] += 1e-9;
    // Only the lower triangle is read: symmetrise first so that both halves count.
    DMatrixRMaj sym = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) sym.set(i, j, 0.5 * (jittered.get(i, j) + jittered.get(j, i)));
    }
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
    boolean ok = chol.decompose(sym.copy());
    assertTrue(ok, name(k) + ": Cholesky of K + 1e-9 I failed for K = " + kx);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
    DMatrixRMaj s = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) s.set(i, j, 0.5 * (kx.get(i, j) + kx.get(j, i)));
    }
    assertTrue(eig.decompose(s), name(k) + ": eigen-decomposition failed");
    double lo = Double.POSITIVE_INFINITY, hi = 0;
    for (int i = 0; i < n; i++) {
      double v = eig.getEigenvalue(i).getReal();
      lo = Math.min(lo, v);
      hi = Math.max(hi, Math.abs(v));
    }
    assertTrue(lo >= -1e-9 * hi, name(k) + ": smallest eigenvalue " + lo + " below -1e-9 * " + hi);
  }

  /** diag(K(X, X)) equals Kdiag(X), relative to the largest diagonal entry. */
  public static void assertDiagMatchesKdiag(Kernel k, Matrix x, double tol) {
    Matrix kx = k.K(Var.constant(x)).value();
    Matrix kd = k.Kdiag(Var.constant(x)).value();
    assertTrue(kd.rows() == x.rows() && kd.cols() == 1, name(k) + ": Kdiag has shape " + kd.shapeString());
    double scale = Math.max(1.0, kd.maxAbs());
    for (int i = 0; i < x.rows(); i++) {
      double err = Math.abs(kx.get(i, i) - kd.get(i, 0));
      assertTrue(err <= tol * scale, name(k) + ": K(X, X)[" + i + "," + i + "] = " + kx.get(i, i) + " but Kdiag = "
          + kd.get(i, 0));
    }
  }

  /** K(X + c, X2 + c) equals K(X, X2), and likewise K(X + c) and K(X), for a row shift c. */
  public static void assertStationary(Kernel k, Matrix x, Matrix x2, Matrix shift, double tol) {
    Matrix a = k.K(Var.constant(x), Var.constant(x2)).value();
    Matrix b = k.K(Var.constant(shifted(x, shift)), Var.constant(shifted(x2, shift))).value();
    double err = a.maxAbsDiff(b);
    assertTrue(err <= tol * Math.max(1.0, a.maxAbs()), name(k) + ": K changes under a common shift by " + err);
    Matrix s = k.K(Var.constant(x)).value();
    Matrix t = k.K(Var.constant(shifted(x, shift))).value();
    err = s.maxAbsDiff(t);
    assertTrue(err <= tol * Math.max(1.0, s.maxAbs()), name(k) + ": K(X) changes under a common shift by " + err);
  }

  /**
   * Gradients of K(X, X2), K(X) and Kdiag(X) with respect to X and X2 match central finite
   * differences.
   */
  public static void assertInputGradients(Kernel k, Matrix x, Matrix x2, long seed, double tol) {
    GradCheck.withSeed(seed).tolerance(tol).check(v -> k.K(v.get(0), v.get(1)), x, x2);
    GradCheck.withSeed(seed + 1).tolerance(tol).check(v -> k.K(v.get(0)), x);
    GradCheck.withSeed(seed + 2).tolerance(tol).check(v -> k.Kdiag(v.get(0)), x);
  }

  /**
   * The gradient of sum(W1 K(X, X2)) + sum(W2 K(X)) + sum(W3 Kdiag(X)) with respect to every
   * trainable hyperparameter's unconstrained leaf matches central differences.
   */
  public static void assertHyperparameterGradients(Kernel k, Matrix x, Matrix x2, long seed, double tol) {
    Random rng = new Random(seed ^ 0x9E3779B97F4A7C15L);
    Matrix w1 = Matrix.randn(x.rows(), x2.rows(), rng);
    Matrix w2 = Matrix.randn(x.rows(), x.rows(), rng);
    Matrix w3 = Matrix.randn(x.rows(), 1, rng);
    ParameterGradCheck.assertGradients(k, () -> {
      Var xv = Var.constant(x);
      return k.K(xv, Var.constant(x2)).mul(Var.constant(w1)).sum()
          .add(k.K(xv).mul(Var.constant(w2)).sum())
          .add(k.Kdiag(xv).mul(Var.constant(w3)).sum());
    }, tol);
  }

  private static Matrix shifted(Matrix x, Matrix shift) {
    Matrix out = x.copy();
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < x.cols(); j++) out.data()[i * x.cols() + j] += shift.data()[j];
    }
    return out;
  }

  private static String name(Kernel k) {
    return k.getClass().getSimpleName();
  }

  /** Fails unless every entry is finite. */
  public static void assertFinite(String what, Matrix m) {
    int bad = m.firstNonFinite();
    if (bad >= 0) fail(what + " has a non-finite entry " + m.data()[bad] + " at index " + bad);
  }
}
