package bms.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Bounds-checked reads of a checkpoint body. Every length is checked against the bytes that
 * remain before anything is allocated, so a corrupted or crafted length gives a clear
 * {@link CheckpointFormatException} instead of a huge allocation; strings must be valid UTF-8 and
 * names unique.
 */
final class CheckpointReader {
  private final ByteBuffer buf;
  private final String source;

  CheckpointReader(ByteBuffer buf, String source) {
    this.buf = buf;
    this.source = source;
  }

  void skip(int n) throws CheckpointFormatException {
    need(n, "header");
    buf.position(buf.position() + n);
  }

  private void need(long n, String what) throws CheckpointFormatException {
    if (n < 0 || n > buf.remaining()) {
      throw new CheckpointFormatException(source + ": truncated or corrupted while reading " + what + " (needs "
          + n + " bytes, " + buf.remaining() + " left)");
    }
  }

  /** A non-negative 32-bit count or length. */
  int count(String what) throws CheckpointFormatException {
    need(4, what);
    int n = buf.getInt();
    if (n < 0) {
      throw new CheckpointFormatException(source + ": corrupted " + what + " (" + n + ")");
    }
    return n;
  }

  /** A boolean stored as one byte, 0 or 1. */
  boolean flag(String what) throws CheckpointFormatException {
    need(1, what);
    byte b = buf.get();
    if (b != 0 && b != 1) {
      throw new CheckpointFormatException(source + ": corrupted " + what + " (" + b + ", not 0 or 1)");
    }
    return b == 1;
  }

  String string(String what) throws CheckpointFormatException {
    int len = count("length of " + what);
    need(len, what);
    ByteBuffer slice = buf.slice(buf.position(), len);
    buf.position(buf.position() + len);
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new CheckpointFormatException(source + ": corrupted " + what + " (not valid UTF-8)");
    }
  }

  /** Refuses {@code n} 8-byte values unless that many remain (checked without overflow). */
  private void needWords(long n, String what) throws CheckpointFormatException {
    if (n < 0 || n > buf.remaining() / 8) {
      throw new CheckpointFormatException(source + ": truncated or corrupted while reading " + what + " (needs " + n
          + " values of 8 bytes, " + buf.remaining() + " bytes left)");
    }
  }

  double[] doubles(long n, String what) throws CheckpointFormatException {
    needWords(n, what);
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) v[i] = Double.longBitsToDouble(buf.getLong());
    return v;
  }

  long[] longs(int n, String what) throws CheckpointFormatException {
    needWords(n, what);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) v[i] = buf.getLong();
    return v;
  }

  /** Adds {@code key}, refusing a name that the file already used. */
  <V> void putNew(Map<String, V> map, String key, V value, String kind) throws CheckpointFormatException {
    if (map.putIfAbsent(key, value) != null) {
      throw new CheckpointFormatException(source + ": corrupted: " + kind + " '" + key + "' appears twice");
    }
  }

  void requireEnd() throws CheckpointFormatException {
    if (buf.hasRemaining()) {
      throw new CheckpointFormatException(source + ": " + buf.remaining() + " unexpected bytes after the last field");
    }
  }
}
