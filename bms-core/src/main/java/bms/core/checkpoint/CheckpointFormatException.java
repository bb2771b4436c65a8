package bms.core.checkpoint;

import java.io.IOException;

/** A checkpoint file that cannot be read: wrong magic, unknown version, truncated or corrupted. */
public final class CheckpointFormatException extends IOException {
  public CheckpointFormatException(String message) {
    super(message);
  }
}
