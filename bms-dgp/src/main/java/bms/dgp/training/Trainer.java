package bms.dgp.training;

import bms.core.autodiff.Var;
import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.Checkpoints;
import bms.core.optim.Adam;
import bms.core.optim.Lbfgs;
import bms.core.optim.LbfgsResult;
import bms.core.optim.NonFiniteObjectiveException;
import bms.core.optim.ParameterVector;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maximises an {@link Objective} over its module's trainable parameters: Adam on minibatches
 * (or the full batch), or full-batch L-BFGS.
 *
 * <p>Everything random is a function of the seed and the step: the minibatch of step t comes
 * from a {@link MinibatchStream}, the Monte Carlo noise of step t from a stream derived from
 * (seed, t). So a run restored from a checkpoint (parameters, Adam state, step count) continues
 * with exactly the batches and noise the original would have used. L-BFGS needs a deterministic
 * objective, so sampled objectives are evaluated with one fixed noise stream throughout.
 *
 * <p>When the objective or a gradient becomes NaN or infinite the run stops early, leaves the
 * parameters at their last finite values and reports the step and the first parameter path
 * whose gradient was not finite.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final Objective objective;
  private final RandomStream rng;
  private int batchSize;
  private record Scheduled(long every, TrainingCallback callback) {}

  private final List<Scheduled> callbacks = new ArrayList<>();
  private volatile boolean stopRequested;

  /** A trainer drawing batches and noise from streams derived from {@code rng}'s seed. */
  public Trainer(Objective objective, RandomStream rng) {
    this.objective = java.util.Objects.requireNonNull(objective, "objective");
    this.rng = java.util.Objects.requireNonNull(rng, "rng");
  }

  /** Minibatches of {@code b} points per Adam step; 0 (the default) or b >= N means the full batch. */
  public Trainer batchSize(int b) {
    if (b < 0) {
      throw new IllegalArgumentException("batch size must be >= 0 (0 for the full batch), got " + b);
    }
    if (b > 0 && b < objective.numData() && !objective.supportsMinibatches()) {
      throw new IllegalArgumentException("this objective is full-batch only; cannot use minibatches of " + b);
    }
    this.batchSize = b;
    return this;
  }

  /** Calls {@code callback} every {@code k} steps and after the last step. */
  public Trainer every(long k, TrainingCallback callback) {
    if (k <= 0) {
      throw new IllegalArgumentException("callback interval must be positive, got " + k);
    }
    callbacks.add(new Scheduled(k, java.util.Objects.requireNonNull(callback, "callback")));
    return this;
  }

  /** Asks a running {@link #adam} to stop after the current step (from a callback, say). */
  public void requestStop() {
    stopRequested = true;
  }

  /** The batches Adam uses, or null for full-batch training. */
  public MinibatchStream minibatches() {
    return batchSize == 0 || batchSize >= objective.numData()
        ? null
        : new MinibatchStream(rng.child("minibatches"), objective.numData(), batchSize);
  }

  /**
   * A checkpoint of the run: parameters, Adam's state and the counters that fix the random
   * streams (the seed, the batch size and the step; batches and noise are functions of these).
   */
  public Checkpoint checkpoint(Adam adam) {
    return Checkpoints.capture(objective.module(), adam, Map.of(),
        Map.of("step", adam.stepCount(), "seed", rng.seed(), "batchSize", (long) batchSize));
  }

  /**
   * Loads a checkpoint from {@link #checkpoint} into the module and {@code adam}; the next
   * {@link #adam} call continues exactly where the saved run was. Refuses checkpoints taken with
   * another seed or batch size, which would continue with other batches and noise.
   */
  public void restore(Checkpoint checkpoint, Adam adam) {
    if (checkpoint.counter("seed") != rng.seed() || checkpoint.counter("batchSize") != batchSize) {
      throw new IllegalArgumentException("checkpoint was taken with seed " + checkpoint.counter("seed")
          + " and batch size " + checkpoint.counter("batchSize") + ", but this trainer has seed " + rng.seed()
          + " and batch size " + batchSize);
    }
    Checkpoints.restore(checkpoint, objective.module(), adam);
    if (adam.stepCount() != checkpoint.counter("step")) {
      throw new IllegalArgumentException("checkpoint step " + checkpoint.counter("step") + " disagrees with its Adam"
          + " state (" + adam.stepCount() + " steps)");
    }
  }

  /** The Monte Carlo noise stream of step {@code step}. */
  public RandomStream noise(long step) {
    return rng.child("noise").child(step);
  }

  /**
   * {@code steps} Adam steps, continuing from {@code adam.stepCount()} (so a restored optimiser
   * resumes the same sequence). {@code adam} must be over {@code objective.module()}'s trainable
   * parameters.
   */
  public TrainingResult adam(Adam adam, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    stopRequested = false;
    MinibatchStream batches = minibatches();
    List<Double> trace = new ArrayList<>();
    long start = System.nanoTime();
    long first = adam.stepCount();
    double last = Double.NaN;
    for (long i = 0; i < steps && !stopRequested; i++) {
      long t = adam.stepCount();
      int[] batch = batches == null ? null : batches.batch(t);
      RandomStream noise = noise(t);
      double loss;
      try {
        loss = adam.step(() -> objective.evaluate(batch, noise).neg());
      } catch (NonFiniteObjectiveException e) {
        return nonFinite(t + 1, t - first, e, trace, last, start);
      }
      last = -loss;
      trace.add(last);
      boolean lastStep = i + 1 == steps;
      notifyCallbacks(adam.stepCount(), last, start, lastStep);
    }
    return new TrainingResult(TrainingResult.Status.COMPLETED, adam.stepCount() - first, last, trace,
        "completed " + (adam.stepCount() - first) + " Adam steps", null, seconds(start));
  }

  /** Full-batch L-BFGS; callbacks are called every k objective evaluations. */
  public TrainingResult lbfgs(Lbfgs lbfgs) {
    RandomStream fixedNoise = noise(0);
    List<Double> trace = new ArrayList<>();
    long start = System.nanoTime();
    ParameterVector params = ParameterVector.trainable(objective.module());
    LbfgsResult r;
    try {
      r = lbfgs.minimise(() -> {
        Var value = objective.evaluate(null, fixedNoise.copy());
        trace.add(value.scalar());
        notifyCallbacks(trace.size(), value.scalar(), start, false);
        return value.neg();
      }, params);
    } catch (NonFiniteObjectiveException e) {
      return nonFinite(0, 0, e, trace, Double.NaN, start);
    }
    TrainingResult.Status status = r.converged() ? TrainingResult.Status.CONVERGED : TrainingResult.Status.STOPPED;
    double value = -r.value();
    notifyCallbacks(trace.size(), value, start, true);
    return new TrainingResult(status, r.iterations(), value, trace,
        "L-BFGS " + r.reason() + " after " + r.iterations() + " iterations, " + r.evaluations() + " evaluations",
        null, seconds(start));
  }

  private TrainingResult nonFinite(long step, long completed, NonFiniteObjectiveException e, List<Double> trace,
      double last, long start) {
    String where = step == 0 ? "at the starting point" : "at step " + step;
    String msg = "training stopped " + where + ": the objective or its gradient is not finite"
        + (e.path() != null ? "; first parameter with a non-finite gradient: " + e.path() : "") + " (" + e.getMessage()
        + "). Parameters keep their last finite values.";
    LOG.warn(msg);
    return new TrainingResult(TrainingResult.Status.NON_FINITE, completed, last, trace, msg, e.path(), seconds(start));
  }

  private void notifyCallbacks(long step, double value, long start, boolean force) {
    Progress p = null;
    for (Scheduled c : callbacks) {
      if (force || step % c.every() == 0) {
        if (p == null) p = new Progress(step, value, seconds(start));
        c.callback().onProgress(p);
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) * 1e-9;
  }
}
