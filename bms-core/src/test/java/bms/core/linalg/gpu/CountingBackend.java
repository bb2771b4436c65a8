package bms.core.linalg.gpu;

import bms.core.linalg.EjmlBackend;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;

/** EJML that counts its calls: the CPU side of the dispatch tests. */
class CountingBackend implements LinalgBackend {
  private final EjmlBackend inner = new EjmlBackend();
  int calls;

  @Override
  public String name() {
    return "counting-ejml";
  }

  @Override
  public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    calls++;
    inner.gemm(transA, transB, alpha, a, b, beta, c);
  }

  @Override
  public void syrk(boolean transA, double alpha, Matrix a, double beta, Matrix c) {
    calls++;
    inner.syrk(transA, alpha, a, beta, c);
  }

  @Override
  public boolean potrf(Matrix a) {
    calls++;
    return inner.potrf(a);
  }

  @Override
  public void trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    calls++;
    inner.trsm(left, lower, transT, alpha, t, b);
  }
}
