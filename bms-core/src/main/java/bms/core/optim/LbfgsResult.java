package bms.core.optim;

/**
 * What an L-BFGS run ended with.
 *
 * @param iterations accepted steps taken
 * @param evaluations loss-and-gradient evaluations, line searches included
 * @param value the final loss (at the parameters' final values)
 * @param gradientNorm the largest absolute gradient entry there
 * @param reason why it stopped
 */
public record LbfgsResult(int iterations, int evaluations, double value, double gradientNorm, Reason reason) {

  /** Why a run stopped. */
  public enum Reason {
    /** The largest gradient entry fell to the gradient tolerance. */
    GRADIENT_NORM,
    /** The relative decrease of the loss in one step fell to the relative tolerance. */
    RELATIVE_CHANGE,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS,
    /** No step along steepest descent decreased the loss (usually: at the limit of precision). */
    LINE_SEARCH_FAILED
  }

  /** Whether it stopped on a convergence test rather than a limit or a failure. */
  public boolean converged() {
    return reason == Reason.GRADIENT_NORM || reason == Reason.RELATIVE_CHANGE;
  }
}
