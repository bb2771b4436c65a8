package bms.dgp.init;

import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.core.linalg.Backends;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The linear maps deep-GP layers use where the width changes (Salimbeni and Deisenroth 2017):
 * to a smaller width, the leading right singular vectors of the (uncentred) inputs, so x W keeps
 * the directions of largest spread; to a larger width, the identity padded with zero columns.
 */
public final class Pca {
  /**
   * Up to this N D^2 the SVD of X itself is used (seconds at most); beyond it the eigenvectors
   * of X^T X. The two agree up to rounding and the sign of each direction, so small data keep
   * exactly the initialisation they always had.
   */
  static final double SVD_MAX_WORK = 1 << 30;

  private Pca() {}

  /** A D x K matrix W for inputs {@code x} (N x D). */
  public static Matrix projection(Matrix x, int outDim) {
    return projection(x, outDim, (double) x.rows() * x.cols() * x.cols() > SVD_MAX_WORK);
  }

  /** As {@link #projection(Matrix, int)}, through the Gram X^T X or the SVD of X as told. */
  static Matrix projection(Matrix x, int outDim, boolean viaGram) {
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
    if (!viaGram) {
      RealMatrix xm = new Array2DRowRealMatrix(x.toArray(), false);
      RealMatrix v = new SingularValueDecomposition(xm).getV(); // D x D, columns by decreasing singular value
      for (int i = 0; i < d; i++) {
        for (int k = 0; k < outDim; k++) w.data()[i * outDim + k] = v.getEntry(i, k);
      }
      return w;
    }
    // Large data (60,000 digits of 784 pixels): the right singular vectors are the eigenvectors
    // of the D x D Gram X^T X, one BLAS product and a symmetric eigensolver, where the SVD of
    // X itself took ten minutes. The Gram squares the condition number, which blurs only the
    // smallest directions, never the leading ones kept here.
    Matrix gram = new Matrix(d, d);
    Backends.current().gemm(true, false, 1.0, x, x, 0.0, gram);
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(gram.toArray(), false));
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    for (int k = 0; k < outDim; k++) {
      RealVector v = eig.getEigenvector(order[k]);
      // Signs are arbitrary; fix them so the largest entry of each direction is positive.
      int big = 0;
      for (int i = 1; i < d; i++) if (Math.abs(v.getEntry(i)) > Math.abs(v.getEntry(big))) big = i;
      double sign = v.getEntry(big) < 0 ? -1 : 1;
      double norm = v.getNorm();
      for (int i = 0; i < d; i++) w.data()[i * outDim + k] = sign * v.getEntry(i) / norm;
    }
    return w;
  }
}
