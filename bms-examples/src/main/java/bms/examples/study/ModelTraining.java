package bms.examples.study;

import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointManager;
import bms.core.optim.Adam;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.dgp.training.TrainingResult;
import bms.examples.report.ProgressBar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trains one {@link StudyModel} by Adam on minibatches of the ELBO, recording a {@link Trace},
 * checkpointing every k steps into its own folder (parameters, Adam state and the counters that
 * fix the random streams, plus trace.json) and, when asked, resuming from the newest checkpoint
 * there. Every model of a study gets the same seed, so all see the same minibatches.
 */
final class ModelTraining {
  /** Checkpoints kept per model (the newest and one before it, in case the newest is damaged). */
  static final int KEEP = 2;

  /** How training is run. */
  record Settings(long steps, int batch, double learningRate, long checkpointEvery, long seed, boolean resume) {
    Settings {
      if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
      if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
      }
      if (checkpointEvery < 1) {
        throw new IllegalArgumentException("checkpoint interval must be >= 1 step, got " + checkpointEvery);
      }
    }
  }

  /** What training did: the outcome, the trace, and the step it resumed from (0 for a fresh run). */
  record Outcome(String status, String message, long steps, long resumedFrom, Trace trace) {}

  private ModelTraining() {}

  static Outcome train(StudyModel model, Dataset train, Settings s, Path dir, ProgressBar bar) throws IOException {
    Trainer trainer = new Trainer(model.objective(train), new RandomStream(s.seed())).batchSize(s.batch());
    Adam adam = new Adam(model.module()).learningRate(s.learningRate());
    CheckpointManager checkpoints = new CheckpointManager(dir, KEEP);
    Trace trace = new Trace();
    long resumedFrom = 0;
    if (s.resume()) {
      Optional<Checkpoint> latest = checkpoints.latest();
      if (latest.isPresent()) {
        trainer.restore(latest.get(), adam);
        resumedFrom = adam.stepCount();
        trace = Trace.read(dir);
        if (trace.size() < resumedFrom) {
          throw new IOException(dir.resolve(Trace.FILE_NAME) + " records " + trace.size()
              + " steps but the checkpoint is at step " + resumedFrom);
        }
        trace.truncate((int) resumedFrom);
      }
    }
    if (resumedFrom > s.steps()) {
      throw new IllegalArgumentException(model.name() + ": the checkpoint in " + dir + " is at step " + resumedFrom
          + ", past --steps " + s.steps() + "; resume with --steps " + resumedFrom + " or more");
    }
    Files.createDirectories(dir);
    int n = train.size();
    double secondsBefore = trace.seconds();
    Trace t = trace;
    bar.update(resumedFrom, status(t, model.ranges()));
    trainer.every(1, p -> {
      Map<String, Double> ranges = model.ranges();
      t.add(p.objective() / n, secondsBefore + p.seconds(), ranges);
      bar.update(p.step(), status(t, ranges));
      if (p.step() % s.checkpointEvery() == 0) {
        save(trainer, adam, checkpoints, t, p.step());
      }
    });
    long remaining = s.steps() - resumedFrom;
    TrainingResult r = trainer.adam(adam, remaining);
    if (adam.stepCount() % s.checkpointEvery() != 0 || remaining == 0) {
      save(trainer, adam, checkpoints, t, adam.stepCount()); // the final state, so --resume of a finished run skips training
    }
    bar.close();
    return new Outcome(r.status().name().toLowerCase(Locale.ROOT), r.message(), adam.stepCount(), resumedFrom, t);
  }

  private static void save(Trainer trainer, Adam adam, CheckpointManager checkpoints, Trace trace, long step) {
    try {
      // The trace first: a checkpoint then always has its history, even if a crash comes between.
      trace.write(checkpoints.directory());
      checkpoints.save(trainer.checkpoint(adam), step);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint into " + checkpoints.directory(), e);
    }
  }

  /** The progress-bar status: the bound per point averaged over the last steps, and the ranges. */
  private static String status(Trace t, Map<String, Double> ranges) {
    StringBuilder sb = new StringBuilder();
    if (t.size() > 0) {
      double[] b = t.bound();
      int from = Math.max(0, b.length - 20);
      double sum = 0;
      for (int i = from; i < b.length; i++) sum += b[i];
      sb.append(String.format(Locale.ROOT, "bound/N=%.4f", sum / (b.length - from)));
    }
    Double angle = ranges.get("angle");
    if (angle != null) sb.append(String.format(Locale.ROOT, "  angle=%.1f", angle));
    return sb.toString();
  }
}
