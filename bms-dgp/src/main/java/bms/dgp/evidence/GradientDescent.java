package bms.dgp.evidence;

/**
 * Settings of full-batch gradient descent on a quadratic loss: the step is 1 / lambda_max of the
 * Hessian (the largest step that always decreases a quadratic), and a run stops when the
 * gradient's norm has fallen to {@code tolerance} times its norm at the start, or after
 * {@code maxSteps}.
 */
public record GradientDescent(double tolerance, int maxSteps) {
  public GradientDescent {
    if (!(tolerance > 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
    }
    if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
  }

  /** Converges to a relative gradient of 1e-10 within a million steps. */
  public static GradientDescent defaults() {
    return new GradientDescent(1e-10, 1_000_000);
  }
}
