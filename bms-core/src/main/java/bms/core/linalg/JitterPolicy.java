package bms.core.linalg;

/**
 * How Cholesky factorisations add jitter: first {@code initialRelative * unit} is added to the
 * diagonal (zero means "try the matrix as it is first"); on failure the jitter is multiplied by
 * {@code growth} (starting from {@code fallbackRelative * unit} if the first try had none), at
 * most {@code maxRetries} times. The unit is mean(diag(A)) for {@link Scale#MEAN_DIAGONAL} (the
 * bms default) and 1 for {@link Scale#ABSOLUTE} (GPflow's and GPyTorch's convention).
 */
public record JitterPolicy(double initialRelative, double fallbackRelative, double growth, int maxRetries,
    Scale scale) {

  /** What the jitter amounts multiply. */
  public enum Scale {
    /** Jitter = amount * mean(diag(A)): invariant to the scale of A. */
    MEAN_DIAGONAL,
    /** Jitter = amount, whatever A's scale. */
    ABSOLUTE
  }

  /** 1e-6 relative jitter, retried up to 5 times with ten times more each time. */
  public static final JitterPolicy DEFAULT = new JitterPolicy(1e-6, 1e-6, 10.0, 5);

  /** No jitter on the first try; retries start at 1e-6 relative. */
  public static final JitterPolicy NONE_FIRST = new JitterPolicy(0.0, 1e-6, 10.0, 5);

  public JitterPolicy {
    if (!(initialRelative >= 0) || !(fallbackRelative > 0) || !(growth > 1) || maxRetries < 0
        || !Double.isFinite(initialRelative) || !Double.isFinite(fallbackRelative)) {
      throw new IllegalArgumentException("invalid jitter policy: initialRelative=" + initialRelative
          + " fallbackRelative=" + fallbackRelative + " growth=" + growth + " maxRetries=" + maxRetries);
    }
    java.util.Objects.requireNonNull(scale, "jitter scale");
  }

  /** A policy relative to the mean diagonal. */
  public JitterPolicy(double initialRelative, double fallbackRelative, double growth, int maxRetries) {
    this(initialRelative, fallbackRelative, growth, maxRetries, Scale.MEAN_DIAGONAL);
  }

  /**
   * An absolute jitter {@code amount} added on the first try, then {@code maxRetries} retries with
   * ten times more each (GPflow: {@code absolute(1e-6, 0)}; GPyTorch's psd_safe_cholesky tries
   * without jitter first, see {@link #absoluteAfterFailure}).
   */
  public static JitterPolicy absolute(double amount, int maxRetries) {
    if (!(amount > 0)) {
      throw new IllegalArgumentException("absolute jitter must be > 0, got " + amount);
    }
    return new JitterPolicy(amount, amount, 10.0, maxRetries, Scale.ABSOLUTE);
  }

  /** No jitter first; on failure {@code amount}, then ten times more, {@code maxRetries} times in all. */
  public static JitterPolicy absoluteAfterFailure(double amount, int maxRetries) {
    if (!(amount > 0)) {
      throw new IllegalArgumentException("absolute jitter must be > 0, got " + amount);
    }
    return new JitterPolicy(0.0, amount, 10.0, maxRetries, Scale.ABSOLUTE);
  }

  /** The number the amounts multiply, for a matrix with mean diagonal {@code meanDiag}. */
  public double unit(double meanDiag) {
    return scale == Scale.ABSOLUTE ? 1.0 : meanDiag;
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
