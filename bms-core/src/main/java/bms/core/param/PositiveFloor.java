package bms.core.param;

/**
 * The lower bound that positive parameters get when they are created, {@link
 * PositiveBijector#DEFAULT_LOWER} (1e-6) unless a scope says otherwise. Each parameter keeps the
 * floor it was made with, so a floor is a per-parameter setting fixed at construction:
 * <pre>
 *   try (PositiveFloor.Scope s = PositiveFloor.scope(0.0)) {
 *     white = new White(1e-6);          // its variance may go down to 0 (GPflow's default)
 *   }
 * </pre>
 * Scopes nest and belong to the thread that opened them.
 */
public final class PositiveFloor {
  private static final ThreadLocal<Double> CURRENT = new ThreadLocal<>();

  private PositiveFloor() {}

  /** The floor a positive parameter created now on this thread gets. */
  public static double current() {
    Double f = CURRENT.get();
    return f == null ? PositiveBijector.DEFAULT_LOWER : f;
  }

  /** Sets the floor of positive parameters created on this thread until the scope is closed. */
  public static Scope scope(double floor) {
    if (!(floor >= 0) || !Double.isFinite(floor)) {
      throw new IllegalArgumentException("positive-parameter floor must be finite and >= 0, got " + floor);
    }
    Scope s = new Scope(CURRENT.get());
    CURRENT.set(floor);
    return s;
  }

  /** Restores the previous floor when closed. */
  public static final class Scope implements AutoCloseable {
    private final Double previous;
    private boolean closed;

    private Scope(Double previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      if (previous == null) CURRENT.remove();
      else CURRENT.set(previous);
    }
  }
}
