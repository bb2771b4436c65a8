package bms.kernels.convolutional;

/** A patch of height x width pixels (all channels), moved by the given strides; VALID padding. */
public record PatchShape(int height, int width, int strideY, int strideX) {

  public PatchShape {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("patch shape must be positive, got " + height + "x" + width);
    }
    if (strideY < 1 || strideX < 1) {
      throw new IllegalArgumentException("patch strides must be positive, got " + strideY + "x" + strideX);
    }
  }

  /** Stride 1 in both directions. */
  public static PatchShape of(int height, int width) {
    return new PatchShape(height, width, 1, 1);
  }
}
