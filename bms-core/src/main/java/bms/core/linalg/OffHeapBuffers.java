package bms.core.linalg;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Per-thread native buffers for the OpenBLAS backend. Allocating (and first touching) fresh
 * native memory on every call costs page faults comparable to a whole n = 1000 product, so
 * each thread keeps one buffer per operand slot and grows it when a larger matrix comes.
 * Buffers above {@link #RETAIN_DOUBLES} are released after the call instead of kept, so one
 * huge product does not pin gigabytes for the life of the thread.
 */
final class OffHeapBuffers {
  /** Operand slots: an operation uses at most three matrices. */
  static final int SLOTS = 3;

  /** Largest buffer kept between calls: 32M doubles (256 MiB; a full q_sqrt of 30 latents at M = 1000). */
  static final long RETAIN_DOUBLES = 32L << 20;

  private static final ThreadLocal<OffHeapBuffers> LOCAL = ThreadLocal.withInitial(OffHeapBuffers::new);

  private final DoublePointer[] slots = new DoublePointer[SLOTS];

  private OffHeapBuffers() {}

  /** This thread's buffers. */
  static OffHeapBuffers local() {
    return LOCAL.get();
  }

  /**
   * A buffer of at least {@code doubles} elements (at least one, so that BLAS never sees a
   * null pointer) in the given slot, reusing the previous one when it is large enough.
   */
  DoublePointer get(int slot, long doubles) {
    long need = Math.max(1, doubles);
    DoublePointer p = slots[slot];
    if (p == null || p.capacity() < need) {
      if (p != null) {
        p.deallocate();
      }
      p = new DoublePointer(need);
      slots[slot] = p;
    }
    return p;
  }

  /** Copies {@code data} into the start of the slot's buffer and returns it. */
  DoublePointer upload(int slot, double[] data) {
    DoublePointer p = get(slot, data.length);
    if (data.length > 0) {
      p.put(data, 0, data.length);
    }
    return p;
  }

  /**
   * From this order on, triangular matrices move row by row, only their triangle: about 200 ns
   * per row call, repaid by the halved traffic once the matrix no longer fits in cache.
   */
  static final int TRIANGLE_ROWS_MIN = 1024;

  /**
   * Copies only one triangle (diagonal included) of the square row-major {@code data} into the
   * slot's buffer, at the same positions; the other triangle of the buffer is left stale, so
   * this is only for calls that do not read it.
   */
  DoublePointer uploadTriangle(int slot, double[] data, int n, boolean lower) {
    if (n < TRIANGLE_ROWS_MIN) {
      return upload(slot, data);
    }
    DoublePointer p = get(slot, (long) n * n);
    DoublePointer row = new DoublePointer(p);
    for (int i = 0; i < n; i++) {
      int from = lower ? i * n : i * n + i;
      int len = lower ? i + 1 : n - i;
      row.position(from).put(data, from, len);
    }
    return p;
  }

  /**
   * Copies the lower triangle (diagonal included) of the buffer into the square row-major
   * {@code out} and sets the strict upper triangle of {@code out} to zero.
   */
  static void downloadLowerZeroUpper(DoublePointer p, double[] out, int n) {
    if (n < TRIANGLE_ROWS_MIN) {
      download(p, out);
      Symmetric.zeroStrictUpper(out, n);
      return;
    }
    DoublePointer row = new DoublePointer(p);
    for (int i = 0; i < n; i++) {
      row.position((long) i * n).get(out, i * n, i + 1);
      Arrays.fill(out, i * n + i + 1, (i + 1) * n, 0.0);
    }
  }

  /** Copies the first {@code out.length} doubles of {@code p} into {@code out}. */
  static void download(DoublePointer p, double[] out) {
    if (out.length > 0) {
      p.get(out, 0, out.length);
    }
  }

  /** Frees buffers grown past the retention limit; called at the end of every operation. */
  void trim() {
    for (int i = 0; i < SLOTS; i++) {
      DoublePointer p = slots[i];
      if (p != null && p.capacity() > RETAIN_DOUBLES) {
        p.deallocate();
        slots[i] = null;
      }
    }
  }

  /** Total doubles currently held by this thread (for tests). */
  long heldDoubles() {
    long s = 0;
    for (DoublePointer p : slots) {
      if (p != null) s += p.capacity();
    }
    return s;
  }
}
