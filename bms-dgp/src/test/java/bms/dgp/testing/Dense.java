package bms.dgp.testing;

import bms.core.matrix.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Plain dense reference computations on EJML, independent of the autodiff and backends under
 * test: the tests compare the models against textbook formulas evaluated here.
 */
public final class Dense {
  private Dense() {}

  public static DMatrixRMaj ejml(Matrix m) {
    return new DMatrixRMaj(m.rows(), m.cols(), true, m.data());
  }

  public static Matrix bms(DMatrixRMaj m) {
    return Matrix.fromEjml(m);
  }

  public static Matrix mul(Matrix a, Matrix b) {
    DMatrixRMaj c = new DMatrixRMaj(a.rows(), b.cols());
    CommonOps_DDRM.mult(ejml(a), ejml(b), c);
    return bms(c);
  }

  public static Matrix t(Matrix a) {
    return a.transpose();
  }

  public static Matrix add(Matrix a, Matrix b) {
    Matrix c = a.copy();
    for (int i = 0; i < c.size(); i++) c.data()[i] += b.data()[i];
    return c;
  }

  public static Matrix sub(Matrix a, Matrix b) {
    Matrix c = a.copy();
    for (int i = 0; i < c.size(); i++) c.data()[i] -= b.data()[i];
    return c;
  }

  public static Matrix scale(Matrix a, double s) {
    Matrix c = a.copy();
    for (int i = 0; i < c.size(); i++) c.data()[i] *= s;
    return c;
  }

  public static Matrix addDiagonal(Matrix a, double s) {
    Matrix c = a.copy();
    for (int i = 0; i < c.rows(); i++) c.data()[i * c.cols() + i] += s;
    return c;
  }

  public static Matrix inverse(Matrix a) {
    DMatrixRMaj inv = new DMatrixRMaj(a.rows(), a.cols());
    if (!CommonOps_DDRM.invert(ejml(a), inv)) throw new IllegalStateException("singular");
    return bms(inv);
  }

  /** Lower Cholesky factor, no jitter. */
  public static Matrix chol(Matrix a) {
    CholeskyDecomposition_F64<DMatrixRMaj> c = DecompositionFactory_DDRM.chol(a.rows(), true);
    DMatrixRMaj w = ejml(a).copy();
    if (!c.decompose(w)) throw new IllegalStateException("not positive definite");
    return bms(c.getT(null));
  }

  public static double logDet(Matrix spd) {
    Matrix l = chol(spd);
    double s = 0;
    for (int i = 0; i < l.rows(); i++) s += Math.log(l.get(i, i));
    return 2 * s;
  }

  public static double trace(Matrix a) {
    double s = 0;
    for (int i = 0; i < a.rows(); i++) s += a.get(i, i);
    return s;
  }

  /** Squared exponential kernel with variance v and lengthscales l (1 x D or 1 x 1). */
  public static Matrix rbf(Matrix x, Matrix z, double v, Matrix l) {
    Matrix k = new Matrix(x.rows(), z.rows());
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < z.rows(); j++) {
        double r2 = 0;
        for (int d = 0; d < x.cols(); d++) {
          double ld = l.cols() == 1 ? l.data()[0] : l.data()[d];
          double diff = (x.get(i, d) - z.get(j, d)) / ld;
          r2 += diff * diff;
        }
        k.set(i, j, v * Math.exp(-0.5 * r2));
      }
    }
    return k;
  }

  /** Column k of a matrix. */
  public static Matrix col(Matrix a, int k) {
    Matrix c = new Matrix(a.rows(), 1);
    for (int i = 0; i < a.rows(); i++) c.data()[i] = a.get(i, k);
    return c;
  }

  /** Block k (M x M) of a (K*M) x M stack. */
  public static Matrix block(Matrix stacked, int k) {
    int m = stacked.cols();
    Matrix b = new Matrix(m, m);
    System.arraycopy(stacked.data(), k * m * m, b.data(), 0, m * m);
    return b;
  }

  public static double sum(Matrix a) {
    double s = 0;
    for (double v : a.data()) s += v;
    return s;
  }
}
