package bms.examples.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (LeCun's MNIST format), raw or gzip-compressed, and checks everything the
 * format lets us check.
 *
 * <p>Layout (big-endian): two zero bytes, a type byte (0x08 = unsigned byte, the only type
 * accepted), the number of dimensions d, then d int32 sizes, then prod(sizes) values. The reader
 * refuses a wrong magic number, a wrong number of dimensions, non-positive sizes, a file shorter
 * or longer than the header promises and, for gzip, corrupt compressed data or a failed CRC (it
 * always reads to the end of the stream so that the gzip trailer is checked). Memory grows with
 * the bytes actually present, never with what a (possibly corrupt) header claims.
 */
public final class IdxReader {
  /** The only element type supported: unsigned byte. */
  public static final int TYPE_UNSIGNED_BYTE = 0x08;

  private static final int MAX_DIMS = 8;
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /** The IDX magic number for unsigned bytes with {@code dims} dimensions, e.g. 0x803 for 3. */
  public static int magic(int dims) {
    return (TYPE_UNSIGNED_BYTE << 8) | dims;
  }

  /**
   * Reads {@code file}, which must hold an unsigned-byte IDX array with {@code expectedDims}
   * dimensions. Gzip is recognised by its magic bytes; a name ending in ".gz" must be gzip.
   *
   * @throws DataFileException if the content is not a valid, complete IDX file
   * @throws IOException if the file cannot be read at all (missing, no permission)
   */
  public static IdxArray read(Path file, int expectedDims) throws IOException {
    if (expectedDims < 1 || expectedDims > MAX_DIMS) {
      throw new IllegalArgumentException(
          "expectedDims must be in 1.." + MAX_DIMS + ", got " + expectedDims);
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 < 0) {
        throw new DataFileException(file, "byte 0", "the file is empty");
      }
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      if (!gzip && file.getFileName().toString().endsWith(".gz")) {
        throw new DataFileException(file, "byte 0",
            "the name ends in .gz but the content does not start with the gzip magic 1f 8b");
      }
      Reader r = new Reader(file, gzip);
      InputStream in;
      try {
        in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      } catch (ZipException | EOFException e) {
        throw new DataFileException(file, "gzip header", "corrupt or truncated gzip header: " + e.getMessage(), e);
      }
      return r.parse(in, expectedDims);
    }
  }

  /** Parsing state: the position reached, so that every error can say where it happened. */
  private static final class Reader {
    private final Path file;
    private final boolean gzip;
    private long offset;

    Reader(Path file, boolean gzip) {
      this.file = file;
      this.gzip = gzip;
    }

    private String where() {
      return (gzip ? "decompressed byte " : "byte ") + offset;
    }

    private DataFileException error(String problem) {
      return new DataFileException(file, where(), problem);
    }

    IdxArray parse(InputStream in, int expectedDims) throws IOException {
      byte[] magicBytes = readUpTo(in, 4);
      if (magicBytes.length < 4) {
        throw error(offset == 0 ? "the file is empty" : "truncated: the 4-byte magic number is incomplete");
      }
      int magic = bigEndian(magicBytes, 0);
      if (magicBytes[0] != 0 || magicBytes[1] != 0) {
        throw new DataFileException(file, "byte 0", String.format(
            "bad magic number 0x%08x: an IDX file starts with two zero bytes (expected 0x%08x)",
            magic, magic(expectedDims)));
      }
      if ((magicBytes[2] & 0xFF) != TYPE_UNSIGNED_BYTE) {
        throw new DataFileException(file, "byte 2", String.format(
            "magic number 0x%08x has element type 0x%02x; only 0x08 (unsigned byte) is supported",
            magic, magicBytes[2] & 0xFF));
      }
      int ndims = magicBytes[3] & 0xFF;
      if (ndims != expectedDims) {
        throw new DataFileException(file, "byte 3", String.format(
            "magic number 0x%08x says %d dimensions, expected %d (magic 0x%08x)",
            magic, ndims, expectedDims, magic(expectedDims)));
      }
      long headerStart = offset;
      byte[] dimBytes = readUpTo(in, 4 * ndims);
      if (dimBytes.length < 4 * ndims) {
        throw error("truncated header: " + ndims + " dimension sizes need " + 4 * ndims
            + " bytes after the magic number, the file ends after " + dimBytes.length);
      }
      int[] dims = new int[ndims];
      long total = 1;
      for (int k = 0; k < ndims; k++) {
        dims[k] = bigEndian(dimBytes, 4 * k);
        if (dims[k] < 1) {
          throw new DataFileException(file, "byte " + (headerStart + 4 * k), "dimension " + k
              + " has size " + Integer.toUnsignedLong(dims[k]) + (k == 0 ? " (item count)" : "")
              + "; sizes must be in 1..2^31-1");
        }
        total *= dims[k];
        if (total > MAX_VALUES) {
          throw new DataFileException(file, "byte " + (headerStart + 4 * k),
              "dimensions " + Arrays.toString(Arrays.copyOf(dims, k + 1))
                  + " describe more than 2^31 values: corrupt header or file too large");
        }
      }
      long dataStart = offset;
      byte[] values = readUpTo(in, (int) total);
      if (values.length < total) {
        throw error("truncated: dimensions " + Arrays.toString(dims) + " promise " + total
            + " data bytes from byte " + dataStart + ", the " + (gzip ? "decompressed " : "")
            + "file ends after " + values.length);
      }
      int extra;
      try {
        extra = in.read(); // for gzip this also reads and checks the trailer (CRC-32, length)
      } catch (ZipException | EOFException e) {
        throw error("corrupt gzip data at the end of the stream: " + e.getMessage());
      }
      if (extra != -1) {
        throw error("unexpected bytes after the " + total + " data bytes that dimensions "
            + Arrays.toString(dims) + " promise");
      }
      return new IdxArray(dims, values);
    }

    /** Reads up to n bytes, growing the buffer as data arrives; shorter only at end of stream. */
    private byte[] readUpTo(InputStream in, int n) throws IOException {
      byte[] buf = new byte[Math.min(n, 1 << 20)];
      int got = 0;
      while (got < n) {
        if (got == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
        }
        int r;
        try {
          r = in.read(buf, got, buf.length - got);
        } catch (ZipException | EOFException e) {
          throw error("corrupt or truncated gzip data: " + e.getMessage());
        }
        if (r < 0) {
          break;
        }
        got += r;
        offset += r;
      }
      return got == buf.length ? buf : Arrays.copyOf(buf, got);
    }

    private static int bigEndian(byte[] b, int at) {
      return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
  }
}
