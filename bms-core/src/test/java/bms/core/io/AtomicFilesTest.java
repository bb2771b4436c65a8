package bms.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Atomic replacement: the target holds the old or the new content, never a mix or a stub. */
class AtomicFilesTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(25); // each case forces files to disk
  }

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void replacesContentAndLeavesNoTemporaryFiles(long seed) throws IOException {
    Random rng = new Random(seed);
    Path target = dir.resolve("sub" + seed).resolve("f.bin"); // parent folders are created
    byte[] first = new byte[rng.nextInt(100_000)];
    byte[] second = new byte[rng.nextInt(100_000)];
    rng.nextBytes(first);
    rng.nextBytes(second);
    AtomicFiles.writeBytes(target, first);
    assertArrayEquals(first, Files.readAllBytes(target));
    AtomicFiles.writeBytes(target, second);
    assertArrayEquals(second, Files.readAllBytes(target));
    assertEquals(1, filesIn(target.getParent()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aWriterThatFailsMidwayLeavesThePreviousFileIntact(long seed) throws IOException {
    Random rng = new Random(seed);
    Path target = dir.resolve("keep.txt");
    String before = "previous " + rng.nextLong() + "\n";
    AtomicFiles.writeString(target, before);
    int failAfter = rng.nextInt(200_000);
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      for (int i = 0; i < failAfter; i++) {
        out.write(rng.nextInt(256));
      }
      throw new IOException("disk full (simulated)");
    }));
    assertEquals("disk full (simulated)", e.getMessage());
    assertEquals(before, Files.readString(target));
    assertEquals(1, filesIn(dir), "the temporary file is removed");
    // An unchecked failure is cleaned up the same way.
    assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
      out.write(1);
      throw new IllegalStateException("bug");
    }));
    assertEquals(before, Files.readString(target));
    assertEquals(1, filesIn(dir));
  }

  /** The result gets the mode any new file gets under the process's umask, not createTempFile's 600. */
  @ParameterizedTest
  @MethodSource("seeds")
  void theFileModeFollowsTheUmaskLikeAnyNewFile(long seed) throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
    Path reference = dir.resolve("reference-" + seed);
    Files.write(reference, new byte[] {1}); // an ordinary new file: mode 666 & ~umask
    Path target = dir.resolve("atomic-" + seed + ".bin");
    byte[] content = new byte[new Random(seed).nextInt(1000)];
    AtomicFiles.writeBytes(target, content);
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
    AtomicFiles.writeBytes(target, content); // replacing keeps following the umask
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
  }
}
