package bms.dgp.training;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointManager;
import bms.core.checkpoint.Checkpoints;
import bms.core.linalg.Cholesky;
import bms.core.linalg.CholeskyFailedException;
import bms.core.optim.Adam;
import bms.core.optim.Lbfgs;
import bms.core.optim.LbfgsResult;
import bms.core.optim.NonFiniteObjectiveException;
import bms.core.optim.ParameterVector;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * whose gradient was not finite. A Cholesky that fails after every jitter retry stops the run
 * the same way. Neither writes a checkpoint, so the newest one on disk is the last good state.
 *
 * <p>With {@link #checkpointTo} the run saves checkpoints every k steps and/or every t seconds
 * (keeping the manager's last few) and after its last step; {@link #resume} continues from the
 * newest one, in this process or another, bit for bit.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final Objective objective;
  private final RandomStream rng;
  private int batchSize;
  private record Scheduled(long every, TrainingCallback callback) {}

  private final List<Scheduled> callbacks = new ArrayList<>();
  private volatile boolean stopRequested;
  private CheckpointManager checkpoints;
  private long checkpointEverySteps;
  private double checkpointEverySeconds;

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

  /**
   * Saves a checkpoint of Adam runs through {@code manager} (which keeps the last few) every
   * {@code everySteps} steps and whenever {@code everySeconds} have passed since the previous save;
   * 0 turns a trigger off. A run also saves after its last step. The time trigger changes only
   * when checkpoints are written, never the training itself.
   */
  public Trainer checkpointTo(CheckpointManager manager, long everySteps, double everySeconds) {
    if (everySteps < 0) {
      throw new IllegalArgumentException("checkpoint interval everySteps must be >= 0 (0 for none), got " + everySteps);
    }
    if (!(everySeconds >= 0) || !Double.isFinite(everySeconds)) {
      throw new IllegalArgumentException("checkpoint interval everySeconds must be finite and >= 0 (0 for none), got "
          + everySeconds);
    }
    this.checkpoints = java.util.Objects.requireNonNull(manager, "checkpoint manager");
    this.checkpointEverySteps = everySteps;
    this.checkpointEverySeconds = everySeconds;
    return this;
  }

  /**
   * Restores the newest readable checkpoint of the {@link #checkpointTo} folder into the module and
   * {@code adam}; returns its step, or empty when the folder holds none (a fresh start).
   */
  public OptionalLong resume(Adam adam) {
    if (checkpoints == null) {
      throw new IllegalStateException("resume needs a checkpoint folder: call checkpointTo first");
    }
    Optional<Checkpoint> latest;
    try {
      latest = checkpoints.latest();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + checkpoints.directory(), e);
    }
    if (latest.isEmpty()) {
      return OptionalLong.empty();
    }
    restore(latest.get(), adam);
    LOG.info("resumed from the step-{} checkpoint in {}", adam.stepCount(), checkpoints.directory());
    return OptionalLong.of(adam.stepCount());
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
    if (checkpoint.adam() == null) {
      throw new IllegalArgumentException("checkpoint holds no optimiser state (it was saved for prediction only);"
          + " training cannot resume from it");
    }
    if (checkpoint.counter("seed") != rng.seed() || checkpoint.counter("batchSize") != batchSize) {
      throw new IllegalArgumentException("checkpoint was taken with seed " + checkpoint.counter("seed")
          + " and batch size " + checkpoint.counter("batchSize") + ", but this trainer has seed " + rng.seed()
          + " and batch size " + batchSize);
    }
    // Checked before anything is loaded, so a refused checkpoint leaves the module and adam as they were.
    if (checkpoint.adam().step() != checkpoint.counter("step")) {
      throw new IllegalArgumentException("checkpoint step " + checkpoint.counter("step") + " disagrees with its Adam"
          + " state (" + checkpoint.adam().step() + " steps)");
    }
    Checkpoints.restore(checkpoint, objective.module(), adam);
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
    return run(adam, steps, "Adam", (batch, noise) -> adam.step(() -> objective.evaluate(batch, noise).neg()));
  }

  /**
   * The hybrid scheme of Salimbeni, Eleftheriadis and Hensman (2018): each of {@code steps} steps
   * evaluates the objective once on its minibatch, moves every q(u) of {@code natural} by a
   * natural-gradient step and everything else by an Adam step, both from the same gradients.
   * {@code adam} must be over {@code natural.otherParameters(objective.module())} (Adam's step
   * count numbers the steps, so checkpoints and {@link #resume} work as for {@link #adam}).
   */
  public TrainingResult hybrid(NaturalGradient natural, Adam adam, long steps) {
    java.util.Objects.requireNonNull(natural, "natural gradient");
    for (int k = 0; k < adam.parameters().count(); k++) {
      if (natural.moves(adam.parameters().parameter(k))) {
        throw new IllegalArgumentException("Adam also trains '" + adam.parameters().path(k) + "', which the natural"
            + " gradient moves; build Adam over natural.otherParameters(model)");
      }
    }
    return run(adam, steps, "hybrid", (batch, noise) -> {
      long t = adam.stepCount() + 1;
      Var bound = objective.evaluate(batch, noise);
      Gradients grads = Gradients.of(bound);
      double[] g = adam.parameters().gradient(grads);
      for (int i = 0; i < g.length; i++) g[i] = -g[i];
      natural.requireFinite(bound.scalar(), grads, "hybrid step " + t);
      double loss = adam.step(-bound.scalar(), g);
      natural.apply(grads, t);
      return loss;
    });
  }

  /** One training step on a batch with its noise; returns the loss (minus the objective) before it. */
  @FunctionalInterface
  private interface StepFunction {
    double step(int[] batch, RandomStream noise);
  }

  private TrainingResult run(Adam adam, long steps, String name, StepFunction stepFn) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    stopRequested = false;
    MinibatchStream batches = minibatches();
    List<Double> trace = new ArrayList<>();
    long start = System.nanoTime();
    long retries0 = Cholesky.retryCountOnThisThread();
    long first = adam.stepCount();
    long lastSaved = -1;
    long lastSaveTime = start;
    double last = Double.NaN;
    for (long i = 0; i < steps && !stopRequested; i++) {
      long t = adam.stepCount();
      int[] batch = batches == null ? null : batches.batch(t);
      RandomStream noise = noise(t);
      double loss;
      try {
        loss = stepFn.step(batch, noise);
      } catch (NonFiniteObjectiveException e) {
        return failed(TrainingResult.Status.NON_FINITE, t + 1, t - first, "the objective or its gradient is not finite"
            + (e.path() != null ? "; first parameter with a non-finite gradient: " + e.path() : "") + " ("
            + e.getMessage() + ")", e.path(), trace, last, start, retries0);
      } catch (CholeskyFailedException e) {
        return failed(TrainingResult.Status.CHOLESKY_FAILED, t + 1, t - first, e.getMessage(), null, trace, last, start,
            retries0);
      }
      last = -loss;
      trace.add(last);
      long done = adam.stepCount();
      if (checkpoints != null) {
        long now = System.nanoTime();
        boolean byStep = checkpointEverySteps > 0 && done % checkpointEverySteps == 0;
        boolean byTime = checkpointEverySeconds > 0 && (now - lastSaveTime) * 1e-9 >= checkpointEverySeconds;
        if (byStep || byTime) {
          save(adam);
          lastSaved = done;
          lastSaveTime = now;
        }
      }
      boolean lastStep = i + 1 == steps;
      notifyCallbacks(done, last, start, lastStep, retries0);
    }
    if (checkpoints != null && lastSaved != adam.stepCount()) {
      save(adam);
    }
    long retries = Cholesky.retryCountOnThisThread() - retries0;
    if (retries > 0) {
      LOG.info("{} Cholesky jitter retries in {} {} steps", retries, adam.stepCount() - first, name);
    }
    return new TrainingResult(TrainingResult.Status.COMPLETED, adam.stepCount() - first, last, trace,
        "completed " + (adam.stepCount() - first) + " " + name + " steps" + retryNote(retries), null, seconds(start), retries,
        newestCheckpoint());
  }

  private void save(Adam adam) {
    try {
      checkpoints.save(checkpoint(adam), adam.stepCount());
    } catch (IOException e) {
      // Training on without checkpoints would lose hours of work silently later: stop here.
      throw new UncheckedIOException("cannot write the step-" + adam.stepCount() + " checkpoint to "
          + checkpoints.directory(), e);
    }
  }

  /** The newest checkpoint file of the folder, or null (none, or no folder configured). */
  private Path newestCheckpoint() {
    if (checkpoints == null) return null;
    try {
      List<Path> all = checkpoints.list();
      return all.isEmpty() ? null : all.get(all.size() - 1);
    } catch (IOException e) {
      return null;
    }
  }

  private static String retryNote(long retries) {
    return retries == 0 ? "" : " (" + retries + " Cholesky jitter retries)";
  }

  /** Full-batch L-BFGS; callbacks are called every k objective evaluations. */
  public TrainingResult lbfgs(Lbfgs lbfgs) {
    RandomStream fixedNoise = noise(0);
    List<Double> trace = new ArrayList<>();
    long start = System.nanoTime();
    ParameterVector params = ParameterVector.trainable(objective.module());
    long retries0 = Cholesky.retryCountOnThisThread();
    LbfgsResult r;
    try {
      r = lbfgs.minimise(() -> {
        Var value = objective.evaluate(null, fixedNoise.copy());
        trace.add(value.scalar());
        notifyCallbacks(trace.size(), value.scalar(), start, false, retries0);
        return value.neg();
      }, params);
    } catch (NonFiniteObjectiveException e) {
      return failed(TrainingResult.Status.NON_FINITE, 0, 0, "the objective or its gradient is not finite"
          + (e.path() != null ? "; first parameter with a non-finite gradient: " + e.path() : "") + " ("
          + e.getMessage() + ")", e.path(), trace, Double.NaN, start, retries0);
    } catch (CholeskyFailedException e) {
      return failed(TrainingResult.Status.CHOLESKY_FAILED, trace.size(), 0, e.getMessage(), null, trace, Double.NaN,
          start, retries0);
    }
    TrainingResult.Status status = r.converged() ? TrainingResult.Status.CONVERGED : TrainingResult.Status.STOPPED;
    double value = -r.value();
    notifyCallbacks(trace.size(), value, start, true, retries0);
    long retries = Cholesky.retryCountOnThisThread() - retries0;
    return new TrainingResult(status, r.iterations(), value, trace,
        "L-BFGS " + r.reason() + " after " + r.iterations() + " iterations, " + r.evaluations() + " evaluations"
            + retryNote(retries), null, seconds(start), retries, null);
  }

  /**
   * The result of a run stopped by a numerical failure at {@code step} (L-BFGS: evaluation). No
   * checkpoint is written for it, so the newest on disk is the last good one; the message names it.
   */
  private TrainingResult failed(TrainingResult.Status status, long step, long completed, String what,
      String badParameter, List<Double> trace, double last, long start, long retries0) {
    String where = step == 0 ? "at the starting point" : "at step " + step;
    long retries = Cholesky.retryCountOnThisThread() - retries0;
    Path good = newestCheckpoint();
    String msg = "training stopped " + where + ": " + what + ". Parameters keep their last finite values"
        + (good != null ? "; the last good checkpoint is " + good : "") + "." + retryNote(retries);
    LOG.warn(msg);
    return new TrainingResult(status, completed, last, trace, msg, badParameter, seconds(start), retries, good);
  }

  private void notifyCallbacks(long step, double value, long start, boolean force, long retries0) {
    Progress p = null;
    for (Scheduled c : callbacks) {
      if (force || step % c.every() == 0) {
        if (p == null) p = new Progress(step, value, seconds(start), Cholesky.retryCountOnThisThread() - retries0);
        c.callback().onProgress(p);
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) * 1e-9;
  }
}
