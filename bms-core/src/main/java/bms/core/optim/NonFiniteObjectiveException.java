package bms.core.optim;

/**
 * The loss or its gradient is NaN or infinite where an optimiser cannot step around it (at the
 * starting point of L-BFGS, at any Adam step). {@link #path()} names the first parameter whose
 * gradient is not finite, or is null when only the loss is.
 */
public final class NonFiniteObjectiveException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public NonFiniteObjectiveException(String message, String path) {
    super(message);
    this.path = path;
  }

  /** The path of the first parameter with a non-finite gradient entry, or null. */
  public String path() {
    return path;
  }
}
