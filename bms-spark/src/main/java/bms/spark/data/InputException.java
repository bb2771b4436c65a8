package bms.spark.data;

/** Bad input data: a missing or non-numeric column, or a value that is missing, NaN or not a number at a row. */
public final class InputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }
}
