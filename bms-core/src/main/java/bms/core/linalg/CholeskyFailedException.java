package bms.core.linalg;

/** A matrix stayed numerically indefinite after every jitter retry. */
public final class CholeskyFailedException extends ArithmeticException {
  private final String matrixName;
  private final int size;
  private final double lastJitter;

  public CholeskyFailedException(String matrixName, int size, double lastJitter, int attempts, String detail) {
    super("Cholesky of " + matrixName + " (" + size + "x" + size + ") failed after " + attempts
        + " attempts; the largest jitter tried was " + lastJitter + (detail.isEmpty() ? "" : "; " + detail)
        + ". The matrix is not positive definite: check for duplicated inputs, NaN values or"
        + " extreme hyperparameters.");
    this.matrixName = matrixName;
    this.size = size;
    this.lastJitter = lastJitter;
  }

  public String matrixName() {
    return matrixName;
  }

  public int size() {
    return size;
  }

  public double lastJitter() {
    return lastJitter;
  }
}
