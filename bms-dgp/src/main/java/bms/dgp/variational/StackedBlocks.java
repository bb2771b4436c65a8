package bms.dgp.variational;

import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;

/**
 * Operations on K square M x M blocks stacked vertically ((K*M) x M), the storage of a full
 * q_sqrt. They let all K latent GPs of a layer go through one matrix product instead of K small
 * ones.
 */
public final class StackedBlocks {
  private StackedBlocks() {}

  /** Number of blocks K of a (K*M) x M stack, with a clear error for other shapes. */
  public static int blockCount(Matrix stacked) {
    int m = stacked.cols();
    if (m == 0 || stacked.rows() % m != 0) {
      throw new IllegalArgumentException("expected K stacked square blocks ((K*M) x M), got " + stacked.shapeString());
    }
    return stacked.rows() / m;
  }

  /** The blocks side by side: out[i, k*M + j] = stacked[k*M + i, j], an M x (K*M) matrix. */
  public static Matrix sideBySide(Matrix stacked) {
    int m = stacked.cols();
    int k = blockCount(stacked);
    Matrix out = new Matrix(m, k * m);
    double[] s = stacked.data();
    double[] o = out.data();
    for (int b = 0; b < k; b++) {
      for (int i = 0; i < m; i++) {
        System.arraycopy(s, (b * m + i) * m, o, i * k * m + b * m, m);
      }
    }
    return out;
  }

  /** The inverse of {@link #sideBySide(Matrix)}: an M x (K*M) matrix back to (K*M) x M. */
  public static Matrix stack(Matrix side) {
    int m = side.rows();
    if (m == 0 || side.cols() % m != 0) {
      throw new IllegalArgumentException("expected M x (K*M) blocks side by side, got " + side.shapeString());
    }
    int k = side.cols() / m;
    Matrix out = new Matrix(k * m, m);
    double[] s = side.data();
    double[] o = out.data();
    for (int b = 0; b < k; b++) {
      for (int i = 0; i < m; i++) {
        System.arraycopy(s, i * k * m + b * m, o, (b * m + i) * m, m);
      }
    }
    return out;
  }

  /** {@link #sideBySide(Matrix)} as a differentiable node. */
  public static Var sideBySide(Var stacked) {
    Matrix out = sideBySide(stacked.value());
    return Var.op("blocksSideBySide", out, (g, sink) -> sink.accumulateFresh(stacked, stack(g)), stacked);
  }

  /** The diagonals of the blocks as an M x K matrix: out[i, k] = stacked[k*M + i, i]. */
  public static Var diagonals(Var stacked) {
    Matrix sv = stacked.value();
    int m = sv.cols();
    int k = blockCount(sv);
    Matrix out = new Matrix(m, k);
    for (int b = 0; b < k; b++) {
      for (int i = 0; i < m; i++) out.data()[i * k + b] = sv.data()[(b * m + i) * m + i];
    }
    return Var.op("blockDiagonals", out, (g, sink) -> {
      Matrix gs = new Matrix(k * m, m);
      for (int b = 0; b < k; b++) {
        for (int i = 0; i < m; i++) gs.data()[(b * m + i) * m + i] = g.data()[i * k + b];
      }
      sink.accumulate(stacked, gs);
    }, stacked);
  }

  /**
   * The Gram matrices of the blocks of an M x (K*M) side-by-side matrix [P_1 ... P_K], stacked:
   * block k of the (K*M) x M result is P_k P_k^T. Backward: dP_k = (G_k + G_k^T) P_k.
   */
  public static Var grams(Var side) {
    Matrix sv = side.value();
    int m = sv.rows();
    if (m == 0 || sv.cols() % m != 0) {
      throw new IllegalArgumentException("expected M x (K*M) blocks side by side, got " + sv.shapeString());
    }
    int k = sv.cols() / m;
    LinalgBackend be = Backends.current();
    Matrix[] blocks = new Matrix[k];
    Matrix out = new Matrix(k * m, m);
    for (int b = 0; b < k; b++) {
      blocks[b] = block(sv, b);
      Matrix g = new Matrix(m, m);
      be.gemm(false, true, 1.0, blocks[b], blocks[b], 0.0, g);
      System.arraycopy(g.data(), 0, out.data(), b * m * m, m * m);
    }
    return Var.op("blockGrams", out, (g, sink) -> {
      Matrix dside = new Matrix(m, k * m);
      for (int b = 0; b < k; b++) {
        Matrix gb = new Matrix(m, m);
        double[] gd = gb.data();
        double[] src = g.data();
        int off = b * m * m;
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < m; j++) gd[i * m + j] = src[off + i * m + j] + src[off + j * m + i];
        }
        Matrix dp = new Matrix(m, m);
        be.gemm(false, false, 1.0, gb, blocks[b], 0.0, dp);
        for (int i = 0; i < m; i++) System.arraycopy(dp.data(), i * m, dside.data(), i * k * m + b * m, m);
      }
      sink.accumulate(side, dside);
    }, side);
  }

  /** Block b (M x M) of an M x (K*M) side-by-side matrix, copied. */
  private static Matrix block(Matrix side, int b) {
    int m = side.rows();
    int kk = side.cols();
    Matrix out = new Matrix(m, m);
    for (int i = 0; i < m; i++) System.arraycopy(side.data(), i * kk + b * m, out.data(), i * m, m);
    return out;
  }
}
