package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-thread native buffers are reused, round-trip data exactly and do not hoard memory. */
class OffHeapBuffersTest {
  @BeforeAll
  static void nativeCodeLoads() {
    assumeTrue(new OpenBlasProvider().create().isPresent(), "OpenBLAS/JavaCPP native code does not load here");
  }

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void uploadDownloadRoundTripsAndReusesTheBuffer(long seed) {
    RandomCases rc = new RandomCases(seed);
    OffHeapBuffers buf = OffHeapBuffers.local();
    int slot = rc.rng().nextInt(OffHeapBuffers.SLOTS);
    int n = rc.dim(0, 5000);
    double[] data = rc.matrix(1, Math.max(n, 1)).data();
    DoublePointer p = buf.upload(slot, data);
    double[] back = new double[data.length];
    OffHeapBuffers.download(p, back);
    assertArrayEquals(data, back);
    // A smaller or equal request is served by the same buffer.
    assertSame(p, buf.get(slot, rc.dim(0, data.length)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void trimReleasesOnlyBuffersAboveTheRetentionLimit(long seed) {
    RandomCases rc = new RandomCases(seed);
    OffHeapBuffers buf = OffHeapBuffers.local();
    buf.trim();
    int big = rc.rng().nextInt(OffHeapBuffers.SLOTS);
    long bigSize = OffHeapBuffers.RETAIN_DOUBLES + 1 + rc.rng().nextInt(1000);
    buf.get(big, bigSize); // allocated, never touched, so cheap
    int small = (big + 1) % OffHeapBuffers.SLOTS;
    long smallSize = buf.get(small, rc.dim(1, 1000)).capacity();
    long held = buf.heldDoubles();
    assertTrue(held >= bigSize + smallSize, "held " + held);
    buf.trim();
    assertTrue(buf.heldDoubles() <= held - bigSize, "the oversized buffer was kept");
    assertEquals(smallSize, buf.get(small, 1).capacity(), "the small buffer should be kept");
  }
}
