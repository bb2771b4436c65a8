package bms.core.linalg;

/**
 * How Cholesky factorisations add jitter: first {@code initialRelative * mean(diag(A))} is added
 * to the diagonal (zero means "try the matrix as it is first"); on failure the jitter is
 * multiplied by {@code growth} (starting from {@code fallbackRelative * mean(diag)} if the first
 * try had none), at most {@code maxRetries} times.
 */
public record JitterPolicy(double initialRelative, double fallbackRelative, double growth, int maxRetries) {

  /** 1e-6 relative jitter, retried up to 5 times with ten times more each time. */
  public static final JitterPolicy DEFAULT = new JitterPolicy(1e-6, 1e-6, 10.0, 5);

  /** No jitter on the first try; retries start at 1e-6 relative. */
  public static final JitterPolicy NONE_FIRST = new JitterPolicy(0.0, 1e-6, 10.0, 5);

  public JitterPolicy {
    if (!(initialRelative >= 0) || !(fallbackRelative > 0) || !(growth > 1) || maxRetries < 0) {
      throw new IllegalArgumentException("invalid jitter policy: initialRelative=" + initialRelative
          + " fallbackRelative=" + fallbackRelative + " growth=" + growth + " maxRetries=" + maxRetries);
    }
  }

  private static volatile JitterPolicy defaultPolicy = DEFAULT;

  /** The policy used where none is given. */
  public static JitterPolicy defaultPolicy() {
    return defaultPolicy;
  }

  public static void setDefaultPolicy(JitterPolicy policy) {
    defaultPolicy = java.util.Objects.requireNonNull(policy);
  }
}
