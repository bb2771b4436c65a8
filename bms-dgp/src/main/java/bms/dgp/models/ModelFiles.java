package bms.dgp.models;

import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointFile;
import bms.core.checkpoint.Checkpoints;
import bms.core.param.Module;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained model saved for prediction: every parameter by path, exactly, in the checkpoint
 * format, without optimiser or random-generator state. Load it into a model built the same way
 * (same classes, shapes and constraints); the file's structure description is checked first,
 * so a model of another structure is refused and nothing is loaded halfway.
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** Writes {@code model}'s parameters to {@code file} atomically. */
  public static void saveForPrediction(Module model, Path file) throws IOException {
    CheckpointFile.write(Checkpoints.captureForPrediction(model), file);
  }

  /**
   * Loads parameters saved by {@link #saveForPrediction} (or a training checkpoint, whose
   * optimiser state is then ignored) into {@code model}.
   */
  public static void loadForPrediction(Path file, Module model) throws IOException {
    Checkpoint c = CheckpointFile.read(file);
    try {
      Checkpoints.restore(c, model, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
