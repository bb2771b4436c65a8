package bms.examples.soak;

import bms.dgp.training.TrainingResult;
import java.nio.file.Path;

/**
 * The process the soak driver starts and kills: resumes the newest checkpoint in the folder (or
 * starts fresh), trains up to the target step with time-based checkpoints, saves and exits 0.
 *
 * <p>Arguments: {@code <checkpoint folder> <seed> <target steps> <checkpoint seconds>}.
 */
public final class SoakWorker {
  /** Exit code when training stopped on a numerical failure. */
  static final int EXIT_TRAINING_FAILED = 3;

  private SoakWorker() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: SoakWorker <checkpoint folder> <seed> <target steps> <checkpoint seconds>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long target = Long.parseLong(args[2]);
    double every = Double.parseDouble(args[3]);
    SoakProblem p = new SoakProblem(seed, dir, every);
    long from = p.trainer.resume(p.adam).orElse(0);
    System.out.println("worker " + ProcessHandle.current().pid() + ": starting at step " + from);
    TrainingResult r = p.trainer.adam(p.adam, Math.max(0, target - from));
    System.out.println("worker " + ProcessHandle.current().pid() + ": " + r.message());
    System.exit(r.status() == TrainingResult.Status.COMPLETED ? 0 : EXIT_TRAINING_FAILED);
  }
}
