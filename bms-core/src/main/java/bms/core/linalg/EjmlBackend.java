package bms.core.linalg;

import bms.core.matrix.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

/** Pure-Java backend on EJML: always available, the fallback when no native backend loads. */
public final class EjmlBackend implements LinalgBackend {

  @Override
  public String name() {
    return "ejml";
  }

  private static DMatrixRMaj view(Matrix m) {
    return DMatrixRMaj.wrap(m.rows(), m.cols(), m.data());
  }

  @Override
  public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    Shapes.checkGemm(transA, transB, a, b, c);
    DMatrixRMaj av = view(a), bv = view(b), cv = view(c);
    if (beta == 0.0) {
      if (!transA && !transB) CommonOps_DDRM.mult(alpha, av, bv, cv);
      else if (transA && !transB) CommonOps_DDRM.multTransA(alpha, av, bv, cv);
      else if (!transA) CommonOps_DDRM.multTransB(alpha, av, bv, cv);
      else CommonOps_DDRM.multTransAB(alpha, av, bv, cv);
      return;
    }
    if (beta != 1.0) {
      CommonOps_DDRM.scale(beta, cv);
    }
    if (!transA && !transB) CommonOps_DDRM.multAdd(alpha, av, bv, cv);
    else if (transA && !transB) CommonOps_DDRM.multAddTransA(alpha, av, bv, cv);
    else if (!transA) CommonOps_DDRM.multAddTransB(alpha, av, bv, cv);
    else CommonOps_DDRM.multAddTransAB(alpha, av, bv, cv);
  }

  @Override
  public void syrk(boolean transA, double alpha, Matrix a, double beta, Matrix c) {
    gemm(transA, !transA, alpha, a, a, beta, c);
  }

  @Override
  public boolean potrf(Matrix a) {
    Shapes.checkSquare("potrf", a);
    CholeskyDecompositionInner_DDRM chol = new CholeskyDecompositionInner_DDRM(true);
    DMatrixRMaj v = view(a);
    if (!chol.decompose(v)) {
      return false;
    }
    // The inner decomposition works in place on v; zero the strict upper triangle.
    int n = a.rows();
    double[] d = a.data();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        d[i * n + j] = 0.0;
      }
    }
    return true;
  }

  @Override
  public void trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    Shapes.checkTrsm(left, t, b);
    if (!left) {
      // X op(T) = B  <=>  op(T)^T X^T = B^T.
      Matrix bt = b.transpose();
      trsm(true, lower, !transT, alpha, t, bt);
      System.arraycopy(bt.transpose().data(), 0, b.data(), 0, b.size());
      return;
    }
    TriangularKernels.solveLeft(lower, transT, alpha, t, b);
  }
}
