package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IDX files, valid and damaged in seeded random ways. A damaged file must either fail with a
 * {@link DataFileException} naming the file, or (where the damage is invisible to the format,
 * e.g. the gzip timestamp) load exactly the original content: never another exception, never a
 * hang, never different data.
 */
@Timeout(60) // a hang would fail here instead of blocking the build
class IdxReaderTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(100);
  }

  /** A random valid IDX array: 1-3 dimensions, small sizes. */
  private static IdxArray randomArray(Random rng) {
    int nd = 1 + rng.nextInt(3);
    int[] dims = new int[nd];
    int total = 1;
    for (int k = 0; k < nd; k++) {
      dims[k] = 1 + rng.nextInt(k == 0 ? 20 : 6);
      total *= dims[k];
    }
    return new IdxArray(dims, Corruption.randomBytes(rng, total));
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  /** Reads the file; returns null when it was rejected with a proper DataFileException. */
  private static IdxArray readOrReject(Path p, int dims) throws IOException {
    try {
      return IdxReader.read(p, dims);
    } catch (DataFileException e) {
      assertEquals(p, e.file(), "the error names the file");
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      return null;
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void validFilesRoundTripRawAndGzip(long seed) throws IOException {
    Random rng = new Random(seed);
    IdxArray a = randomArray(rng);
    byte[] raw = Corruption.idx(a.dims(), a.values());
    for (Path p : new Path[] {write("a.idx", raw), write("a.idx.gz", Corruption.gzip(raw))}) {
      IdxArray b = IdxReader.read(p, a.dims().length);
      assertArrayEquals(a.dims(), b.dims());
      assertArrayEquals(a.values(), b.values());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void truncationAtAnyOffsetIsRejected(long seed) throws IOException {
    Random rng = new Random(seed);
    IdxArray a = randomArray(rng);
    byte[] raw = Corruption.idx(a.dims(), a.values());
    byte[] gz = Corruption.gzip(raw);
    Path p1 = write("t.idx", Corruption.truncate(raw, rng.nextInt(raw.length)));
    Path p2 = write("t.idx.gz", Corruption.truncate(gz, rng.nextInt(gz.length)));
    assertEquals(null, readOrReject(p1, a.dims().length));
    assertEquals(null, readOrReject(p2, a.dims().length));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bitFlipInRawHeaderIsRejected(long seed) throws IOException {
    Random rng = new Random(seed);
    IdxArray a = randomArray(rng);
    byte[] raw = Corruption.idx(a.dims(), a.values());
    int headerBits = 8 * (4 + 4 * a.dims().length);
    Path p = write("h.idx", Corruption.flipBit(raw, rng.nextInt(headerBits)));
    assertEquals(null, readOrReject(p, a.dims().length));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bitFlipInRawPayloadChangesOnlyThatByte(long seed) throws IOException {
    // Raw IDX has no checksum: the format cannot see a flipped pixel, but the damage must stay
    // local (the shipped files are protected by their SHA-256 instead, see MnistTest).
    Random rng = new Random(seed);
    IdxArray a = randomArray(rng);
    byte[] raw = Corruption.idx(a.dims(), a.values());
    int header = 4 + 4 * a.dims().length;
    long bit = 8L * header + rng.nextInt(8 * a.values().length);
    IdxArray b = IdxReader.read(write("p.idx", Corruption.flipBit(raw, bit)), a.dims().length);
    assertArrayEquals(a.dims(), b.dims());
    int at = (int) (bit / 8) - header;
    for (int i = 0; i < a.values().length; i++) {
      assertEquals(i == at, a.values()[i] != b.values()[i], "byte " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bitFlipAnywhereInGzipIsRejectedOrHarmless(long seed) throws IOException {
    Random rng = new Random(seed);
    IdxArray a = randomArray(rng);
    byte[] gz = Corruption.gzip(Corruption.idx(a.dims(), a.values()));
    for (int k = 0; k < 5; k++) {
      Path p = write("g" + k + ".idx.gz", Corruption.flipBit(gz, rng.nextInt(8 * gz.length)));
      IdxArray b = readOrReject(p, a.dims().length);
      if (b != null) { // e.g. the gzip timestamp or OS byte: the content must be untouched
        assertArrayEquals(a.dims(), b.dims());
        assertArrayEquals(a.values(), b.values());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBytesAreRejected(long seed) throws IOException {
    Random rng = new Random(seed);
    byte[] junk = Corruption.randomBytes(rng, rng.nextInt(300));
    assertEquals(null, readOrReject(write("r.idx", junk), 1 + rng.nextInt(3)));
    // Random bytes behind a valid gzip magic exercise the decompressor's error paths.
    byte[] gzJunk = junk.clone();
    if (gzJunk.length >= 2) {
      gzJunk[0] = 0x1f;
      gzJunk[1] = (byte) 0x8b;
    }
    assertEquals(null, readOrReject(write("r.gz", gzJunk), 1 + rng.nextInt(3)));
    // Random bytes compressed properly: a valid gzip stream of a non-IDX payload.
    assertEquals(null, readOrReject(write("rc.gz", Corruption.gzip(junk)), 1 + rng.nextInt(3)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void extraBytesAfterTheDataAreRejected(long seed) throws IOException {
    Random rng = new Random(seed);
    IdxArray a = randomArray(rng);
    byte[] raw = Corruption.idx(a.dims(), a.values());
    byte[] longer = java.util.Arrays.copyOf(raw, raw.length + 1 + rng.nextInt(10));
    assertEquals(null, readOrReject(write("x.idx", longer), a.dims().length));
    assertEquals(null, readOrReject(write("x.idx.gz", Corruption.gzip(longer)), a.dims().length));
  }

  @Test
  void hugeClaimedCountFailsAsTruncatedWithoutAllocatingIt() throws IOException {
    // 2^31-1 items of 28x28 overflow an array; 2^31-100 labels would be 2 GB: the first is refused
    // from the header, the second from what is actually in the file, without allocating 2 GB.
    Path images = write("huge.idx", Corruption.idx(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[0]));
    DataFileException e1 = assertThrows(DataFileException.class, () -> IdxReader.read(images, 3));
    assertTrue(e1.getMessage().contains("more than 2^31"), e1.getMessage());
    Path labels = write("huge.gz", Corruption.gzip(Corruption.idx(new int[] {Integer.MAX_VALUE - 100}, new byte[10])));
    DataFileException e2 = assertThrows(DataFileException.class, () -> IdxReader.read(labels, 1));
    assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
    assertTrue(e2.getMessage().contains("ends after 10"), e2.getMessage());
  }

  @Test
  void errorsSayWhatAndWhere() throws IOException {
    Path empty = write("empty.idx", new byte[0]);
    assertMessage(empty, 1, "byte 0", "empty");
    Path wrongMagic = write("m.idx", new byte[] {1, 2, 8, 1, 0, 0, 0, 1, 5});
    assertMessage(wrongMagic, 1, "byte 0", "bad magic number 0x01020801");
    Path wrongDims = write("d.idx", Corruption.idx(new int[] {2, 1}, new byte[2]));
    assertMessage(wrongDims, 3, "byte 3", "says 2 dimensions, expected 3");
    Path wrongType = write("w.idx", new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
    assertMessage(wrongType, 1, "byte 2", "element type 0x0d");
    Path zeroCount = write("z.idx", Corruption.idx(new int[] {0}, new byte[0]));
    assertMessage(zeroCount, 1, "byte 4", "dimension 0 has size 0");
    Path notGzip = write("n.gz", Corruption.idx(new int[] {1}, new byte[1]));
    assertMessage(notGzip, 1, "byte 0", "not start with the gzip magic");
    Path shortData = write("s.idx", Corruption.truncate(Corruption.idx(new int[] {4, 2}, new byte[8]), 14));
    assertMessage(shortData, 2, "byte 14", "promise 8 data bytes from byte 12");
  }

  private static void assertMessage(Path p, int dims, String where, String what) {
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p, dims));
    assertEquals(where, e.location(), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
  }

  @Test
  void expectedDimsOutsideTheFormatIsAnArgumentError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxReader.read(dir.resolve("x"), 0));
    assertTrue(e.getMessage().contains("expectedDims"), e.getMessage());
  }
}
