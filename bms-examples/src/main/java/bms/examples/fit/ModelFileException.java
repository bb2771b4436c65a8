package bms.examples.fit;

import java.io.IOException;

/**
 * A model file that cannot be used: not a bms model, another format version, truncated,
 * corrupted, or holding parameters that do not fit the model it describes. The message names
 * the file and the problem.
 */
public final class ModelFileException extends IOException {
  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
