package bms.dgp.data;

import bms.core.matrix.Matrix;

/** Training inputs X (N x D) and targets Y (N x P), checked once when made. */
public record Dataset(Matrix x, Matrix y) {

  public Dataset {
    DataChecks.requireData(x, "X");
    DataChecks.requireData(y, "Y");
    DataChecks.requireSameRows(x, "X", y, "Y");
  }

  public int size() {
    return x.rows();
  }

  public int inputDim() {
    return x.cols();
  }

  /** The rows picked by {@code index} (repeats allowed), as a new dataset. */
  public Dataset subset(int[] index) {
    if (index.length == 0) {
      throw new IllegalArgumentException("subset: the index is empty");
    }
    return new Dataset(rows(x, index), rows(y, index));
  }

  /** Rows of {@code m} picked by index, copied. */
  public static Matrix rows(Matrix m, int[] index) {
    int c = m.cols();
    Matrix out = new Matrix(index.length, c);
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= m.rows()) {
        throw new IllegalArgumentException("row index " + index[i] + " at position " + i + " is outside 0.."
            + (m.rows() - 1));
      }
      System.arraycopy(m.data(), index[i] * c, out.data(), i * c, c);
    }
    return out;
  }
}
