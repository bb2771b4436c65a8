package bms.core.linalg;

import bms.core.matrix.Matrix;
import java.util.Arrays;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DSubmatrixD1;
import org.ejml.dense.block.MatrixOps_DDRB;
import org.ejml.dense.block.TriangularSolver_MT_DDRB;
import org.ejml.dense.block.decomposition.chol.CholeskyOuterForm_DDRB;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

/**
 * Pure-Java backend on EJML: always available, the fallback when no native backend loads.
 *
 * <p>Small problems use EJML's row-major kernels directly (no set-up cost). Large ones use
 * the forms that are fastest in EJML (measured on the project machine, see BENCHMARKS.md):
 * <ul>
 *   <li>gemm: transposed operands are transposed explicitly (O(n^2)) so that the threaded
 *       row-major {@code mult} kernel is used; EJML's {@code multTransB} forms are inner-product
 *       loops at half the speed.
 *   <li>potrf: the blocked outer-product Cholesky on {@link DMatrixRBlock}, about 3x the
 *       unblocked row-major one at n = 1000.
 *   <li>trsm: the threaded block triangular solver on {@link DMatrixRBlock}.
 * </ul>
 */
public final class EjmlBackend implements LinalgBackend {
  /** Products with fewer multiply-adds stay on the single-threaded row-major kernels. */
  static final long SMALL_GEMM = 64L * 64 * 64;
  /** Cholesky of at least this order uses the blocked factorisation. */
  static final int BLOCK_CHOLESKY_MIN = 128;
  /** Triangular solves with at least this many multiply-adds use the block solver. */
  static final long BLOCK_TRSM_MIN = 96L * 96 * 96;
  /** Block edge for the {@link DMatrixRBlock} forms. */
  static final int BLOCK = 64;

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
    int m = c.rows();
    int n = c.cols();
    int k = transA ? a.rows() : a.cols();
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0.0) {
      scale(beta, c.data());
      return;
    }
    DMatrixRMaj av = view(a), bv = view(b), cv = view(c);
    if ((long) m * n * k < SMALL_GEMM) {
      smallGemm(transA, transB, alpha, av, bv, beta, cv);
      return;
    }
    DMatrixRMaj an = transA ? CommonOps_MT_DDRM.transpose(av, null) : av;
    DMatrixRMaj bn = transB ? CommonOps_MT_DDRM.transpose(bv, null) : bv;
    if (beta == 0.0) {
      CommonOps_MT_DDRM.mult(alpha, an, bn, cv); // overwrites c, NaN included
    } else {
      if (beta != 1.0) {
        CommonOps_DDRM.scale(beta, cv);
      }
      CommonOps_MT_DDRM.multAdd(alpha, an, bn, cv);
    }
  }

  private static void smallGemm(boolean transA, boolean transB, double alpha, DMatrixRMaj av, DMatrixRMaj bv,
      double beta, DMatrixRMaj cv) {
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
    Shapes.checkSyrk(transA, a, c);
    // A full product: EJML has no threaded symmetric update, and the threaded product of the
    // whole matrix beats a single-threaded half.
    gemm(transA, !transA, alpha, a, a, beta, c);
  }

  @Override
  public boolean potrf(Matrix a) {
    Shapes.checkSquare("potrf", a);
    int n = a.rows();
    if (n == 0) {
      return true;
    }
    double[] d = a.data();
    // EJML's decompositions read both triangles; the contract is that only the lower one is.
    Symmetric.mirrorLowerToUpper(d, n);
    if (n < BLOCK_CHOLESKY_MIN) {
      if (!new CholeskyDecompositionInner_DDRM(true).decompose(view(a))) {
        return false;
      }
    } else {
      DMatrixRBlock blk = MatrixOps_DDRB.convert(view(a), BLOCK);
      if (!new CholeskyOuterForm_DDRB(true).decompose(blk)) {
        return false;
      }
      MatrixOps_DDRB.convert(blk, view(a));
    }
    Symmetric.zeroStrictUpper(d, n);
    return Symmetric.diagonalPositive(d, n);
  }

  @Override
  public void trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    Shapes.checkTrsm(left, t, b);
    int n = t.rows();
    int r = left ? b.cols() : b.rows();
    if (n == 0 || r == 0) {
      return;
    }
    if ((long) n * n * r >= BLOCK_TRSM_MIN) {
      blockTrsm(left, lower, transT, alpha, t, b);
      return;
    }
    if (!left) {
      // X op(T) = B  <=>  op(T)^T X^T = B^T.
      Matrix bt = b.transpose();
      TriangularKernels.solveLeft(lower, !transT, alpha, t, bt);
      Matrix x = bt.transpose();
      System.arraycopy(x.data(), 0, b.data(), 0, b.size());
      return;
    }
    TriangularKernels.solveLeft(lower, transT, alpha, t, b);
  }

  private static void blockTrsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    int n = t.rows();
    // Copy only the named triangle: the block solver may touch the other one inside a block.
    double[] tri = new double[n * n];
    double[] td = t.data();
    for (int i = 0; i < n; i++) {
      int from = lower ? i * n : i * n + i;
      int to = lower ? i * n + i + 1 : (i + 1) * n;
      System.arraycopy(td, from, tri, from, to - from);
    }
    DMatrixRBlock tb = MatrixOps_DDRB.convert(DMatrixRMaj.wrap(n, n, tri), BLOCK);
    DMatrixRBlock bb = MatrixOps_DDRB.convert(view(b), BLOCK);
    if (left) {
      TriangularSolver_MT_DDRB.lsolve(BLOCK, !lower, new DSubmatrixD1(tb), new DSubmatrixD1(bb), transT);
    } else {
      TriangularSolver_MT_DDRB.rsolve(BLOCK, !lower, new DSubmatrixD1(tb), new DSubmatrixD1(bb), transT);
    }
    MatrixOps_DDRB.convert(bb, view(b));
    if (alpha != 1.0) {
      double[] d = b.data();
      for (int i = 0; i < d.length; i++) d[i] *= alpha;
    }
  }

  private static void scale(double beta, double[] c) {
    if (beta == 0.0) {
      Arrays.fill(c, 0.0);
    } else if (beta != 1.0) {
      for (int i = 0; i < c.length; i++) c[i] *= beta;
    }
  }
}
