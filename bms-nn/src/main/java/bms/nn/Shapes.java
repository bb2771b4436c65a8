package bms.nn;

import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;

/** Shape arithmetic and text shared by the image layers. */
final class Shapes {
  private Shapes() {}

  static String text(ImageShape s) {
    return s.height() + "x" + s.width() + "x" + s.channels();
  }

  /** A square pooling window of side {@code size} moved by {@code stride}, checked against the image. */
  static PatchShape window(String layer, ImageShape input, int size, int stride) {
    if (size < 1 || stride < 1) {
      throw new IllegalArgumentException(layer + " needs window and stride >= 1, got " + size + " and " + stride);
    }
    if (size > input.height() || size > input.width()) {
      throw new IllegalArgumentException(layer + ": a " + size + "x" + size + " window does not fit in "
          + text(input) + " images");
    }
    return new PatchShape(size, size, stride, stride);
  }
}
