package bms.dgp.variational;

/**
 * How the square root R of the variational covariance S = R R^T is stored, for K latent GPs with
 * M inducing variables each.
 */
public enum QForm {
  /** K lower-triangular M x M factors stacked vertically: a (K*M) x M matrix, block k on rows kM..kM+M-1. */
  FULL,
  /** Mean-field: the diagonal of each factor, as an M x K matrix (column k for latent k). */
  DIAGONAL;

  /** The shape q_sqrt has in this form. */
  public int[] shape(int m, int k) {
    return this == FULL ? new int[] {k * m, m} : new int[] {m, k};
  }

  /** Throws a clear error unless {@code rows x cols} is this form's shape for M and K. */
  public void checkShape(int rows, int cols, int m, int k) {
    int[] s = shape(m, k);
    if (rows != s[0] || cols != s[1]) {
      throw new IllegalArgumentException("q_sqrt in " + this + " form for M=" + m + " inducing variables and K=" + k
          + " latent GPs must be " + s[0] + "x" + s[1] + ", got " + rows + "x" + cols);
    }
  }
}
