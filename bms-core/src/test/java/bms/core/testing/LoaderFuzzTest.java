package bms.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The harness itself fails on the faults it exists to catch. */
class LoaderFuzzTest {
  /** A toy format: a big-endian int length, then that many bytes. */
  private static final byte[] VALID = {0, 0, 0, 3, 7, 8, 9};

  private static byte[] careful(byte[] b) throws IOException {
    if (b.length < 4) throw new IOException("too short");
    int n = ByteBuffer.wrap(b).getInt();
    if (n < 0 || n != b.length - 4) throw new IOException("length " + n + " does not match " + (b.length - 4));
    return java.util.Arrays.copyOfRange(b, 4, b.length);
  }

  @Test
  void aCarefulLoaderPasses() {
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(LoaderFuzzTest::careful, IOException.class);
    assertEquals(VALID.length, fuzz.truncations(VALID).refused());
    fuzz.hugeLengths(VALID);
  }

  @Test
  void allocatingWhatALengthFieldSaysFails() {
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(b -> {
      byte[] out = new byte[Math.max(0, ByteBuffer.wrap(b).getInt())];
      return careful(b).length == out.length ? out : null;
    }, IOException.class).allocationBound(32, 1 << 20);
    assertThrows(AssertionError.class, () -> fuzz.hugeLengths(VALID));
  }

  /** 16 MiB for a 7-byte file is over the bound even where the heap has room for it. */
  @Test
  void anAllocationOverTheBoundIsMeasuredAndFails() {
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(b -> {
      byte[] scratch = new byte[16 << 20];
      scratch[b.length] = 1;
      return careful(b);
    }, IOException.class);
    AssertionError e = assertThrows(AssertionError.class, () -> fuzz.check(VALID, "valid"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("allocated"), e.getMessage());
  }

  @Test
  void anUndeclaredExceptionFails() {
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(b -> java.util.Arrays.copyOfRange(b, 4, 4 + ByteBuffer.wrap(b).getInt()),
        IOException.class);
    assertThrows(AssertionError.class, () -> fuzz.truncations(VALID));
  }

  @Test
  void aRefusalThatChangedTheTargetFails() {
    int[] target = {0};
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(b -> {
      target[0]++;
      return careful(b);
    }, IOException.class).unchangedOnRefusal(() -> target.clone());
    assertThrows(AssertionError.class, () -> fuzz.truncations(VALID));
  }

  @Test
  void aTruncationThatLoadsFails() {
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(b -> b, IOException.class);
    assertThrows(AssertionError.class, () -> fuzz.truncations(VALID));
  }

  @Test
  void anUnclearMessageFails() {
    LoaderFuzz<byte[]> fuzz = LoaderFuzz.of(b -> {
      throw new IOException(" ");
    }, IOException.class);
    assertThrows(AssertionError.class, () -> fuzz.truncations(VALID));
  }
}
