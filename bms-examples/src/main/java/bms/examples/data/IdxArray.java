package bms.examples.data;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: its dimensions (the first is the item count) and
 * its values in row-major order. The arrays are owned by this record; callers must not change
 * them.
 */
public record IdxArray(int[] dims, byte[] values) {
  public IdxArray {
    long n = 1;
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("dims must be positive, got " + Arrays.toString(dims));
      }
      n *= d;
    }
    if (dims.length == 0 || n != values.length) {
      throw new IllegalArgumentException(
          "dims " + Arrays.toString(dims) + " do not match " + values.length + " values");
    }
  }

  /** The number of items (the first dimension). */
  public int count() {
    return dims[0];
  }

  /** Bytes per item: the product of the dimensions after the first. */
  public int itemSize() {
    return values.length / dims[0];
  }

  /** Value {@code i} (row-major) as an unsigned number 0..255. */
  public int unsigned(int i) {
    return values[i] & 0xFF;
  }
}
