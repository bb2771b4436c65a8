package bms.core.linalg.gpu;

/**
 * Which entries of a row-major host matrix a transfer must carry. A triangular operand is read
 * through one triangle only, so the other half need not be copied; on the way back the other half
 * is written as zeros (the {@code potrf} contract).
 */
enum Region {
  /** Every entry. */
  FULL,
  /** Row i, columns 0..i (square matrices). */
  LOWER,
  /** Row i, columns i..n-1 (square matrices). */
  UPPER;

  /** Receives one contiguous run {@code [offset, offset + length)} of the flat array. */
  @FunctionalInterface
  interface Segment {
    void accept(long offset, int length);
  }

  /** Whether a copy holding this region can stand in for one holding {@code needed}. */
  boolean covers(Region needed) {
    return this == FULL || this == needed;
  }

  /**
   * Calls {@code inside} for each run of this region's entries within the flat range
   * {@code [start, end)} and {@code outside} (if not null) for each run of the other entries there.
   */
  void forEachRun(int rows, int cols, long start, long end, Segment inside, Segment outside) {
    if (start >= end) return;
    if (this == FULL) {
      inside.accept(start, (int) (end - start));
      return;
    }
    int firstRow = (int) (start / cols);
    int lastRow = (int) ((end - 1) / cols);
    for (int i = firstRow; i <= lastRow; i++) {
      long rowStart = (long) i * cols;
      // Valid columns of row i: [lo, hi).
      int lo = this == LOWER ? 0 : Math.min(i, cols);
      int hi = this == LOWER ? Math.min(i + 1, cols) : cols;
      long a = Math.max(start, rowStart);
      long b = Math.min(end, rowStart + cols);
      long vlo = Math.max(a, rowStart + lo);
      long vhi = Math.min(b, rowStart + hi);
      if (vlo < vhi) {
        if (outside != null && a < vlo) outside.accept(a, (int) (vlo - a));
        inside.accept(vlo, (int) (vhi - vlo));
        if (outside != null && vhi < b) outside.accept(vhi, (int) (b - vhi));
      } else if (outside != null) {
        outside.accept(a, (int) (b - a));
      }
    }
  }
}
