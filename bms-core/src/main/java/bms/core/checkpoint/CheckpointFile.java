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
 * IEEE-754 bits, so values come back exactly.
 *
 * <p>Writes are atomic: the bytes go to a temporary file in the same folder, are forced to disk,
 * and the file is renamed over the target, so an interrupted write leaves the previous file.
 */
public final class CheckpointFile {
  private static final byte[] MAGIC = "BMSCKPT\0".getBytes(StandardCharsets.US_ASCII);

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
      out.writeInt(c.randomStates().size());
      for (Map.Entry<String, byte[]> e : c.randomStates().entrySet()) {
        writeString(out, e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
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
    ByteBuffer buf = ByteBuffer.wrap(data);
    buf.position(MAGIC.length);
    int version = buf.getInt();
    if (version != Checkpoint.FORMAT_VERSION) {
      throw new CheckpointFormatException(source + ": checkpoint format version " + version
          + " is not supported (this build reads version " + Checkpoint.FORMAT_VERSION + ")");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new CheckpointFormatException(source + ": checksum mismatch (the file is truncated or corrupted)");
    }
    Reader r = new Reader(ByteBuffer.wrap(data, 0, data.length - 8), source);
    r.buf.position(MAGIC.length + 4);
    String structure = r.string();
    int nParams = r.count("parameter count");
    Map<String, Matrix> params = new LinkedHashMap<>();
    for (int i = 0; i < nParams; i++) {
      String path = r.string();
      int rows = r.count("rows of " + path);
      int cols = r.count("cols of " + path);
      r.need((long) rows * cols * 8, "values of " + path);
      double[] v = new double[rows * cols];
      for (int k = 0; k < v.length; k++) v[k] = Double.longBitsToDouble(r.buf.getLong());
      params.put(path, Matrix.wrap(rows, cols, v));
    }
    AdamState adam = null;
    r.need(1, "optimiser flag");
    if (r.buf.get() != 0) {
      r.need(8, "optimiser step");
      long step = r.buf.getLong();
      int n = r.count("optimiser entry count");
      Map<String, double[]> m1 = new LinkedHashMap<>();
      Map<String, double[]> m2 = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String path = r.string();
        m1.put(path, r.doubles("first moment of " + path));
        m2.put(path, r.doubles("second moment of " + path));
      }
      try {
        adam = new AdamState(step, m1, m2);
      } catch (IllegalArgumentException e) {
        throw new CheckpointFormatException(source + ": invalid optimiser state: " + e.getMessage());
      }
    }
    int nRng = r.count("random state count");
    Map<String, byte[]> rng = new LinkedHashMap<>();
    for (int i = 0; i < nRng; i++) {
      String name = r.string();
      int len = r.count("length of random state " + name);
      r.need(len, "random state " + name);
      byte[] b = new byte[len];
      r.buf.get(b);
      rng.put(name, b);
    }
    int nCounters = r.count("counter count");
    Map<String, Long> counters = new LinkedHashMap<>();
    for (int i = 0; i < nCounters; i++) {
      String name = r.string();
      r.need(8, "counter " + name);
      counters.put(name, r.buf.getLong());
    }
    if (r.buf.hasRemaining()) {
      throw new CheckpointFormatException(source + ": " + r.buf.remaining() + " unexpected bytes after the last field");
    }
    return new Checkpoint(structure, params, adam, rng, counters);
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

  /** Bounds-checked reads, so a corrupted length gives a clear error, not a huge allocation. */
  private static final class Reader {
    final ByteBuffer buf;
    final String source;

    Reader(ByteBuffer buf, String source) {
      this.buf = buf;
      this.source = source;
    }

    void need(long n, String what) throws CheckpointFormatException {
      if (n < 0 || n > buf.remaining()) {
        throw new CheckpointFormatException(source + ": truncated or corrupted while reading " + what + " (needs "
            + n + " bytes, " + buf.remaining() + " left)");
      }
    }

    int count(String what) throws CheckpointFormatException {
      need(4, what);
      int n = buf.getInt();
      if (n < 0) {
        throw new CheckpointFormatException(source + ": corrupted " + what + " (" + n + ")");
      }
      return n;
    }

    String string() throws CheckpointFormatException {
      int len = count("string length");
      need(len, "string");
      byte[] b = new byte[len];
      buf.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    double[] doubles(String what) throws CheckpointFormatException {
      int n = count("length of " + what);
      need((long) n * 8, what);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) v[i] = Double.longBitsToDouble(buf.getLong());
      return v;
    }
  }
}
