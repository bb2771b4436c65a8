package bms.dgp.training;

import java.nio.file.Path;
import java.util.List;

/**
 * How a training run ended.
 *
 * @param status why it stopped
 * @param steps optimiser steps completed (L-BFGS: iterations)
 * @param objective the last objective value seen (to be maximised)
 * @param trace the objective at every step (Adam) or every evaluation (L-BFGS)
 * @param message a human-readable summary; for {@link Status#NON_FINITE} it names the step and
 *     the first parameter whose gradient was not finite
 * @param badParameter that parameter's path, or null
 * @param seconds wall-clock duration
 * @param choleskyRetries Cholesky jitter retries made during the run (on the training thread)
 * @param lastCheckpoint the newest checkpoint file when the run ended (for a failed run, the last
 *     good state), or null without {@link Trainer#checkpointTo}
 */
public record TrainingResult(Status status, long steps, double objective, List<Double> trace, String message,
    String badParameter, double seconds, long choleskyRetries, Path lastCheckpoint) {

  public enum Status {
    /** Ran the requested number of steps. */
    COMPLETED,
    /** L-BFGS met its convergence test. */
    CONVERGED,
    /** L-BFGS stopped at its iteration limit or when no step improved the objective. */
    STOPPED,
    /** The objective or a gradient became NaN or infinite; parameters hold the last finite values. */
    NON_FINITE,
    /** A Cholesky factorisation failed after every jitter retry; parameters hold the last values. */
    CHOLESKY_FAILED
  }

  public TrainingResult {
    trace = List.copyOf(trace);
  }
}
