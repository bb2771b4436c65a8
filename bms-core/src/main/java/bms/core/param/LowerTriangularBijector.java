package bms.core.param;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * Lower-triangular matrices (the variational Cholesky factor R of S = R R^T): the strict upper
 * triangle of the unconstrained matrix is masked to zero, so it receives no gradient. A
 * (K*n) x n matrix is read as K stacked n x n blocks (one factor per latent GP).
 */
public final class LowerTriangularBijector implements Bijector {
  public static final LowerTriangularBijector INSTANCE = new LowerTriangularBijector();

  private LowerTriangularBijector() {}

  /**
   * The lower triangle of each block, as one copying node whose backward pass keeps the lower
   * triangle of the gradient (a multiplication by a 0/1 mask would build the mask and make two
   * more passes over a q_sqrt that holds K M^2 entries).
   */
  @Override
  public Var forward(Var unconstrained) {
    int n = unconstrained.cols();
    checkStacked(unconstrained.rows(), n);
    return Var.op("lowerTriangularBlocks", lowerBlocks(unconstrained.value()),
        (g, sink) -> sink.accumulateFresh(unconstrained, lowerBlocks(g)), unconstrained);
  }

  /** A copy of {@code m} with the strict upper triangle of every n x n block set to zero. */
  private static Matrix lowerBlocks(Matrix m) {
    int n = m.cols();
    Matrix out = new Matrix(m.rows(), n);
    double[] s = m.data(), o = out.data();
    for (int r = 0; r < m.rows(); r++) {
      System.arraycopy(s, r * n, o, r * n, r % n + 1);
    }
    return out;
  }

  @Override
  public Matrix inverse(Matrix constrained) {
    int n = constrained.cols();
    checkStacked(constrained.rows(), n);
    for (int r = 0; r < constrained.rows(); r++) {
      for (int j = r % n + 1; j < n; j++) {
        if (constrained.data()[r * n + j] != 0.0) {
          throw new IllegalArgumentException("entry (" + r + ", " + j + ") above the diagonal of its block is "
              + constrained.data()[r * n + j] + "; a lower-triangular parameter needs zeros there");
        }
      }
    }
    return constrained.copy();
  }

  /** The map is the identity on the free (lower-triangular) entries: log-Jacobian zero. */
  @Override
  public Var logDetJacobian(Var unconstrained) {
    return Var.constant(0.0);
  }

  private static void checkStacked(int rows, int n) {
    if (n == 0 || rows % n != 0) {
      throw new IllegalArgumentException("lower-triangular parameter must be n x n or K stacked n x n blocks, got "
          + rows + "x" + n);
    }
  }

  @Override
  public String describe() {
    return "lower-triangular";
  }
}
