package bms.kernels.convolutional;

/**
 * The shape of images stored as rows: pixel (y, x) channel c of an image is column
 * {@code (y * width + x) * channels + c} (height x width x channels, row-major).
 */
public record ImageShape(int height, int width, int channels) {

  public ImageShape {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width + "x" + channels);
    }
  }

  /** A single-channel image. */
  public static ImageShape gray(int height, int width) {
    return new ImageShape(height, width, 1);
  }

  /** Columns per image row: height * width * channels. */
  public int size() {
    return height * width * channels;
  }
}
