package bms.core.linalg.gpu;

import bms.core.matrix.Matrix;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Device memory for {@link CudaBackend}: a free list so that repeated calls of the same sizes do
 * not cudaMalloc each time, and a few "resident" results. A resident is the device copy of a
 * {@link Matrix} this backend has just written (the factor from potrf, the solution of trsm, the
 * product of gemm): a following operation that reads the same Matrix object finds it on the
 * device and skips the upload, which is what makes "Cholesky of Kuu, then solves against Kuf,
 * then A A^T" one upload per new operand.
 *
 * <p>A resident is matched by the identity of the Matrix object and a fingerprint of sampled
 * entries taken when it was written. Matrices are values by convention once made, so an edit in
 * place that the samples miss is the only way to read a stale copy; {@code bms.gpu.reuse=false}
 * turns residency off for code that edits results in place.
 */
final class DeviceMemory {
  /** Freed buffers kept for reuse; older ones beyond this are returned to the device. */
  static final int MAX_FREE = 4;

  private final GpuDevice device;
  private final boolean reuse;
  private final int maxResidents;
  private final ArrayDeque<DeviceBuffer> free = new ArrayDeque<>();
  private final ArrayDeque<Resident> residents = new ArrayDeque<>();
  private long uploads;
  private long uploadedValues;
  private long hits;
  private long allocations;

  DeviceMemory(GpuDevice device, boolean reuse, int maxResidents) {
    this.device = device;
    this.reuse = reuse;
    this.maxResidents = maxResidents;
  }

  private static final class Resident {
    final WeakReference<Matrix> matrix;
    final Region region;
    final long fingerprint;
    final DeviceBuffer buffer;
    int pins;

    Resident(Matrix m, Region region, DeviceBuffer buffer) {
      this.matrix = new WeakReference<>(m);
      this.region = region;
      this.fingerprint = fingerprint(m, region);
      this.buffer = buffer;
    }
  }

  /** A device copy used by one operation; closing it releases or unpins it. */
  final class Operand implements AutoCloseable {
    final DeviceBuffer buffer;
    private final Resident borrowed;
    private boolean closed;

    private Operand(DeviceBuffer buffer, Resident borrowed) {
      this.buffer = buffer;
      this.borrowed = borrowed;
    }

    /** Whether this came from a resident copy rather than an upload. */
    boolean reused() {
      return borrowed != null;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      if (borrowed != null) borrowed.pins--;
      else release(buffer);
    }
  }

  /** A buffer of at least {@code doubles} values, from the free list or newly allocated. */
  DeviceBuffer acquire(long doubles) {
    long need = Math.max(1, doubles);
    DeviceBuffer best = null;
    for (DeviceBuffer b : free) {
      // Best fit, but never more than twice the need, so small calls do not hold big buffers.
      if (b.capacity() >= need && b.capacity() <= 2 * need && (best == null || b.capacity() < best.capacity())) {
        best = b;
      }
    }
    if (best != null) {
      free.remove(best);
      return best;
    }
    try {
      allocations++;
      return device.allocate(need);
    } catch (GpuOutOfMemoryException first) {
      long freed = dropCaches();
      if (freed == 0) throw outOfMemory(need, first);
      try {
        allocations++;
        return device.allocate(need);
      } catch (GpuOutOfMemoryException second) {
        throw outOfMemory(need, second);
      }
    }
  }

  private static GpuOutOfMemoryException outOfMemory(long need, GpuOutOfMemoryException cause) {
    GpuOutOfMemoryException e = new GpuOutOfMemoryException(cause.call(), cause.status(),
        "not enough GPU memory for " + need + " doubles (" + (need * 8 >> 20) + " MiB) after freeing cached"
        + " buffers: " + cause.getMessage() + ". Use smaller problems, raise bms.gpu.threshold or set"
        + " bms.gpu=off to run on the CPU.");
    e.initCause(cause);
    return e;
  }

  /** Gives a buffer back to the free list. */
  void release(DeviceBuffer b) {
    free.addFirst(b);
    while (free.size() > MAX_FREE) {
      device.free(free.removeLast());
    }
  }

  /** Frees every cached buffer not in use; returns how many were freed. */
  long dropCaches() {
    long n = 0;
    for (DeviceBuffer b : free) {
      device.free(b);
      n++;
    }
    free.clear();
    for (Iterator<Resident> it = residents.iterator(); it.hasNext(); ) {
      Resident r = it.next();
      if (r.pins == 0) {
        device.free(r.buffer);
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** A device copy of {@code m} valid at least on {@code needed}: a resident one or a fresh upload. */
  Operand input(Matrix m, Region needed) {
    Resident r = find(m);
    if (r != null && r.region.covers(needed)) {
      r.pins++;
      hits++;
      return new Operand(r.buffer, r);
    }
    DeviceBuffer b = acquire(m.size());
    try {
      upload(m, needed, b);
    } catch (RuntimeException e) {
      release(b);
      throw e;
    }
    return new Operand(b, null);
  }

  /**
   * A full device copy of {@code m} that the caller will overwrite and then {@link #remember} or
   * {@link #release}: a resident copy is taken out of the residents, else {@code m} is uploaded
   * (or, when {@code upload} is false, left uninitialised).
   */
  DeviceBuffer takeForUpdate(Matrix m, boolean upload) {
    Resident r = find(m);
    if (r != null && r.region == Region.FULL && r.pins == 0) {
      residents.remove(r);
      if (upload) hits++;
      return r.buffer;
    }
    forget(m);
    DeviceBuffer b = acquire(m.size());
    if (upload) {
      try {
        upload(m, Region.FULL, b);
      } catch (RuntimeException e) {
        release(b);
        throw e;
      }
    }
    return b;
  }

  /** Uploads {@code region} of {@code m} into {@code b}, counted in {@link #uploads()}. */
  void upload(Matrix m, Region region, DeviceBuffer b) {
    device.upload(m.data(), m.rows(), m.cols(), region, b);
    uploads++;
    uploadedValues += m.size();
  }

  /** Records that {@code buffer} holds the current values of {@code m} on {@code region}; takes ownership. */
  void remember(Matrix m, Region region, DeviceBuffer buffer) {
    forget(m);
    if (!reuse || maxResidents == 0) {
      release(buffer);
      return;
    }
    residents.addFirst(new Resident(m, region, buffer));
    while (residents.size() > maxResidents) {
      Resident oldest = null;
      for (Iterator<Resident> it = residents.descendingIterator(); it.hasNext(); ) {
        Resident r = it.next();
        if (r.pins == 0) {
          oldest = r;
          break;
        }
      }
      if (oldest == null) break;
      residents.remove(oldest);
      release(oldest.buffer);
    }
  }

  /** Drops any resident copy of {@code m} (its host values are about to change elsewhere). */
  void forget(Matrix m) {
    for (Iterator<Resident> it = residents.iterator(); it.hasNext(); ) {
      Resident r = it.next();
      Matrix held = r.matrix.get();
      if ((held == m || held == null) && r.pins == 0) {
        it.remove();
        release(r.buffer);
      }
    }
  }

  private Resident find(Matrix m) {
    if (!reuse) return null;
    Resident found = null;
    for (Iterator<Resident> it = residents.iterator(); it.hasNext(); ) {
      Resident r = it.next();
      Matrix held = r.matrix.get();
      if (held == null && r.pins == 0) {
        it.remove();
        release(r.buffer);
      } else if (held == m && found == null) {
        found = r;
      }
    }
    if (found != null && found.fingerprint != fingerprint(m, found.region)) {
      // Edited in place since we wrote it: the device copy is stale.
      if (found.pins == 0) {
        residents.remove(found);
        release(found.buffer);
      }
      return null;
    }
    return found;
  }

  /** Frees everything; the backend is being closed. */
  void clear() {
    for (Resident r : residents) device.free(r.buffer);
    residents.clear();
    for (DeviceBuffer b : free) device.free(b);
    free.clear();
  }

  long uploads() {
    return uploads;
  }

  long uploadedValues() {
    return uploadedValues;
  }

  long hits() {
    return hits;
  }

  long allocations() {
    return allocations;
  }

  int residentCount() {
    return residents.size();
  }

  int freeCount() {
    return free.size();
  }

  /**
   * A hash of the shape and of up to three entries (first, middle, last of the region) in each of
   * up to 128 evenly spaced rows: a few hundred reads, however large the matrix.
   */
  static long fingerprint(Matrix m, Region region) {
    int rows = m.rows();
    int cols = m.cols();
    double[] d = m.data();
    long h = 1469598103934665603L ^ ((long) rows << 32 | cols);
    if (rows == 0 || cols == 0) return h;
    int samples = Math.min(rows, 128);
    for (int s = 0; s < samples; s++) {
      int i = samples == 1 ? 0 : (int) ((long) s * (rows - 1) / (samples - 1));
      int lo = region == Region.UPPER ? Math.min(i, cols - 1) : 0;
      int hi = region == Region.LOWER ? Math.min(i, cols - 1) : cols - 1;
      long base = (long) i * cols;
      h = mix(h, d[(int) (base + lo)]);
      h = mix(h, d[(int) (base + (lo + hi) / 2)]);
      h = mix(h, d[(int) (base + hi)]);
    }
    return h;
  }

  private static long mix(long h, double v) {
    h ^= Double.doubleToRawLongBits(v);
    h *= 0x100000001b3L;
    return h ^ (h >>> 29);
  }
}
