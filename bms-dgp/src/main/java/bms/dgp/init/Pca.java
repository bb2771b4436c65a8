package bms.dgp.init;

import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The linear maps deep-GP layers use where the width changes (Salimbeni and Deisenroth 2017):
 * to a smaller width, the leading right singular vectors of the (uncentred) inputs, so x W keeps
 * the directions of largest spread; to a larger width, the identity padded with zero columns.
 */
public final class Pca {
  private Pca() {}

  /** A D x K matrix W for inputs {@code x} (N x D). */
  public static Matrix projection(Matrix x, int outDim) {
    DataChecks.requireData(x, "X");
    int d = x.cols();
    if (outDim <= 0) {
      throw new IllegalArgumentException("projection width must be positive, got " + outDim);
    }
    Matrix w = new Matrix(d, outDim);
    if (outDim >= d) {
      for (int i = 0; i < d; i++) w.data()[i * outDim + i] = 1.0;
      return w;
    }
    RealMatrix xm = new Array2DRowRealMatrix(x.toArray(), false);
    RealMatrix v = new SingularValueDecomposition(xm).getV(); // D x D, columns by decreasing singular value
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < outDim; k++) w.data()[i * outDim + k] = v.getEntry(i, k);
    }
    return w;
  }
}
