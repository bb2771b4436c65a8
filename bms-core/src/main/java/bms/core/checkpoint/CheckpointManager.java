package bms.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of checkpoints named {@code ckpt-<step>.bin}, keeping the last {@code keep} of them.
 * Each is written atomically, and older ones are deleted only after the new one is in place.
 */
public final class CheckpointManager {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointManager.class);
  private static final Pattern NAME = Pattern.compile("ckpt-(\\d{12})\\.bin");
  /** The temporary files of AtomicFiles writes of checkpoints (left behind by a killed writer). */
  private static final Pattern STALE_TEMP = Pattern.compile("\\.ckpt-\\d{12}\\.bin\\..*\\.tmp");
  private final Path dir;
  private final int keep;

  public CheckpointManager(Path dir, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, got " + keep);
    }
    this.dir = dir;
    this.keep = keep;
  }

  public Path directory() {
    return dir;
  }

  /** Writes the checkpoint for {@code step} and prunes all but the newest {@code keep}. */
  public Path save(Checkpoint c, long step) throws IOException {
    if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
    Path file = dir.resolve(String.format("ckpt-%012d.bin", step));
    CheckpointFile.write(c, file);
    List<Path> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
    deleteStaleTemporaries();
    return file;
  }

  /**
   * Removes temporary files of interrupted writes. Our own write has completed when this runs,
   * so any left are from a process that died mid-write (one writer per folder is assumed).
   */
  private void deleteStaleTemporaries() throws IOException {
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> STALE_TEMP.matcher(p.getFileName().toString()).matches()).forEach(stale::add);
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
  }

  /** Checkpoint files, oldest first. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().forEach(out::add);
    }
    return out;
  }

  /**
   * The newest checkpoint that reads back cleanly; a damaged newer file is skipped with a
   * warning (it can only come from outside interference, as writes are atomic).
   */
  public Optional<Checkpoint> latest() throws IOException {
    List<Path> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(CheckpointFile.read(all.get(i)));
      } catch (CheckpointFormatException e) {
        LOG.warn("skipping unreadable checkpoint: {}", e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The step number in a checkpoint file's name. */
  public static long stepOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) throw new IllegalArgumentException(file + " is not a checkpoint file name");
    return Long.parseLong(m.group(1));
  }
}
