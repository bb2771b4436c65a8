package bms.core.checkpoint;

import bms.core.io.AtomicFiles;
import bms.core.matrix.Matrix;
import bms.core.optim.AdamState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes {@link Checkpoint}s in a small binary format: the magic "BMSCKPT\0", the
 * format version, the body, and a CRC-32 of everything before it. Doubles are stored as their
 * IEEE-754 bits, so values come back exactly; generator states are algorithm names and 64-bit
 * words. Nothing in a file is ever handed to Java deserialisation.
 *
 * <p>Reading checks every length against the bytes that remain before allocating, so a corrupted
 * or crafted file is refused with a {@link CheckpointFormatException} and never makes the reader
 * allocate more than the file's size implies. Version 1 files (which stored generators as
 * serialised {@code java.util.Random} objects) are read when they hold no generator, which is
 * every file bms itself wrote; one that holds a generator is refused, naming both versions.
 *
 * <p>Writes are atomic: the bytes go to a temporary file in the same folder, are forced to disk,
 * and the file is renamed over the target, so an interrupted write leaves the previous file.
 */
public final class CheckpointFile {
  private static final byte[] MAGIC = "BMSCKPT\0".getBytes(StandardCharsets.US_ASCII);
  /** The first version, whose generator states were serialised Java objects. */
  static final int LEGACY_VERSION = 1;

  private CheckpointFile() {}

  /** Serialises {@code c} to bytes. */
  public static byte[] toBytes(Checkpoint c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(Checkpoint.FORMAT_VERSION);
      writeString(out, c.structure());
      out.writeInt(c.parameters().size());
      for (Map.Entry<String, Matrix> e : c.parameters().entrySet()) {
        writeString(out, e.getKey());
        Matrix m = e.getValue();
        out.writeInt(m.rows());
        out.writeInt(m.cols());
        for (double v : m.data()) out.writeLong(Double.doubleToRawLongBits(v));
      }
      AdamState a = c.adam();
      out.writeBoolean(a != null);
      if (a != null) {
        out.writeLong(a.step());
        out.writeInt(a.firstMoments().size());
        for (String path : a.firstMoments().keySet()) {
          writeString(out, path);
          writeDoubles(out, a.firstMoments().get(path));
          writeDoubles(out, a.secondMoments().get(path));
        }
      }
      out.writeInt(c.generators().size());
      for (Map.Entry<String, GeneratorState> e : c.generators().entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue().algorithm());
        long[] words = e.getValue().words();
        out.writeInt(words.length);
        for (long w : words) out.writeLong(w);
      }
      out.writeInt(c.counters().size());
      for (Map.Entry<String, Long> e : c.counters().entrySet()) {
        writeString(out, e.getKey());
        out.writeLong(e.getValue());
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory serialisation failed", e);
    }
  }

  /** Parses bytes written by {@link #toBytes}; {@code source} names them in errors. */
  public static Checkpoint fromBytes(byte[] data, String source) throws CheckpointFormatException {
    int minimum = MAGIC.length + 4 + 8;
    if (data.length < minimum) {
      throw new CheckpointFormatException(source + ": " + data.length + " bytes is too short for a checkpoint"
          + " (truncated or not a checkpoint)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new CheckpointFormatException(source + ": not a bms checkpoint (wrong magic bytes)");
      }
    }
    int version = ByteBuffer.wrap(data, MAGIC.length, 4).getInt();
    if (version != Checkpoint.FORMAT_VERSION && version != LEGACY_VERSION) {
      throw new CheckpointFormatException(source + ": checkpoint format version " + version
          + " is not supported (this build reads versions " + LEGACY_VERSION + " and " + Checkpoint.FORMAT_VERSION + ")");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new CheckpointFormatException(source + ": checksum mismatch (the file is truncated or corrupted)");
    }
    CheckpointReader r = new CheckpointReader(ByteBuffer.wrap(data, 0, data.length - 8), source);
    r.skip(MAGIC.length + 4);
    String structure = r.string("structure description");
    Map<String, Matrix> params = new LinkedHashMap<>();
    int nParams = r.count("parameter count");
    for (int i = 0; i < nParams; i++) {
      String path = r.string("parameter path");
      int rows = r.count("rows of " + path);
      int cols = r.count("cols of " + path);
      double[] v = r.doubles((long) rows * cols, "values of " + path);
      r.putNew(params, path, Matrix.wrap(rows, cols, v), "parameter");
    }
    AdamState adam = r.flag("optimiser flag") ? adamState(r, source) : null;
    Map<String, GeneratorState> generators = new LinkedHashMap<>();
    int nGenerators = r.count("generator count");
    for (int i = 0; i < nGenerators; i++) {
      String name = r.string("generator name");
      if (version == LEGACY_VERSION) {
        throw new CheckpointFormatException(source + ": checkpoint format version " + LEGACY_VERSION + " stores the"
            + " random generator '" + name + "' as a serialised Java object, which this build never reads (that would"
            + " let the file choose classes to instantiate); it reads version " + Checkpoint.FORMAT_VERSION
            + " files and version " + LEGACY_VERSION + " files without generators. Re-create the checkpoint with"
            + " this build");
      }
      String algorithm = r.string("algorithm of generator " + name);
      int nWords = r.count("word count of generator " + name);
      long[] words = r.longs(nWords, "state of generator " + name);
      GeneratorState state;
      try {
        state = new GeneratorState(algorithm, words);
      } catch (IllegalArgumentException e) {
        throw new CheckpointFormatException(source + ": invalid state of generator " + name + ": " + e.getMessage());
      }
      r.putNew(generators, name, state, "generator");
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    int nCounters = r.count("counter count");
    for (int i = 0; i < nCounters; i++) {
      String name = r.string("counter name");
      r.putNew(counters, name, r.longs(1, "counter " + name)[0], "counter");
    }
    r.requireEnd();
    return new Checkpoint(structure, params, adam, generators, counters);
  }

  private static AdamState adamState(CheckpointReader r, String source) throws CheckpointFormatException {
    long step = r.longs(1, "optimiser step")[0];
    int n = r.count("optimiser entry count");
    Map<String, double[]> m1 = new LinkedHashMap<>();
    Map<String, double[]> m2 = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String path = r.string("optimiser parameter path");
      r.putNew(m1, path, r.doubles(r.count("length of first moment of " + path), "first moment of " + path),
          "optimiser entry");
      m2.put(path, r.doubles(r.count("length of second moment of " + path), "second moment of " + path));
    }
    try {
      return new AdamState(step, m1, m2);
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException(source + ": invalid optimiser state: " + e.getMessage());
    }
  }

  /** Writes atomically: temp file in the same folder, forced to disk, then renamed over the target. */
  public static void write(Checkpoint c, Path target) throws IOException {
    AtomicFiles.writeBytes(target, toBytes(c));
  }

  public static Checkpoint read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("checkpoint " + file + " does not exist or is not a file");
    }
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double x : v) out.writeLong(Double.doubleToRawLongBits(x));
  }
}
