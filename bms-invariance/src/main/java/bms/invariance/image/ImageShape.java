package bms.invariance.image;

/**
 * The layout of images stored as matrix rows: C channels of H x W pixels, channel-major, so
 * pixel (c, i, j) (channel, row from the top, column from the left) is entry
 * {@code c * H * W + i * W + j} of its row.
 */
public record ImageShape(int channels, int height, int width) {

  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("image shape needs channels, height and width >= 1, got "
          + channels + "x" + height + "x" + width);
    }
  }

  /** A single-channel H x W image. */
  public static ImageShape gray(int height, int width) {
    return new ImageShape(1, height, width);
  }

  /** A single-channel square image whose side is the square root of {@code pixels}. */
  public static ImageShape squareOf(int pixels) {
    int side = (int) Math.round(Math.sqrt(pixels));
    if (side * side != pixels) {
      throw new IllegalArgumentException("cannot read " + pixels + " columns as a square image");
    }
    return gray(side, side);
  }

  /** Pixels per channel. */
  public int plane() {
    return height * width;
  }

  /** Entries per image row: C * H * W. */
  public int size() {
    return channels * height * width;
  }

  /** Throws a clear error unless a matrix with {@code cols} columns holds images of this shape. */
  public void requireColumns(String what, int cols) {
    if (cols != size()) {
      throw new IllegalArgumentException(what + " has " + cols + " columns but images of shape " + this
          + " need " + size());
    }
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
