package bms.examples.data;

import java.nio.file.Path;

/**
 * A data file whose content is not what its format promises: wrong magic number, truncated,
 * ragged or non-numeric rows, corrupt compression. The message always names the file and where
 * in it the problem is (a line, or a byte offset), so a damaged download is found at once
 * instead of training on silently wrong data.
 */
public final class DataFileException extends IllegalArgumentException {
  private final transient Path file;
  private final String location;

  public DataFileException(Path file, String location, String problem) {
    this(file, location, problem, null);
  }

  public DataFileException(Path file, String location, String problem, Throwable cause) {
    super(file + (location.isEmpty() ? "" : " (" + location + ")") + ": " + problem, cause);
    this.file = file;
    this.location = location;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** Where in the file, e.g. "line 12" or "byte 16"; empty when it concerns the whole file. */
  public String location() {
    return location;
  }
}
