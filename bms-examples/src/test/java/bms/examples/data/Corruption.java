package bms.examples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Builds valid files in memory and damages them, for the loader robustness tests. */
final class Corruption {
  private Corruption() {}

  /** A valid unsigned-byte IDX file with the given dimensions and values. */
  static byte[] idx(int[] dims, byte[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
    b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(values);
    return b.array();
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  static byte[] randomBytes(Random rng, int n) {
    byte[] b = new byte[n];
    rng.nextBytes(b);
    return b;
  }

  /** A copy with bit {@code bit} (0 = lowest bit of byte 0) inverted. */
  static byte[] flipBit(byte[] data, long bit) {
    byte[] c = data.clone();
    c[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
    return c;
  }

  /** The first {@code length} bytes. */
  static byte[] truncate(byte[] data, int length) {
    return Arrays.copyOf(data, length);
  }
}
