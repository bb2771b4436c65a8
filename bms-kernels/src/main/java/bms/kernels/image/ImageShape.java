package bms.kernels.image;

/**
 * The shape of images stored as matrix rows, and how their entries are laid out: height x width
 * pixels of {@code channels} channels, either {@link Layout#INTERLEAVED} (the channels of a pixel
 * side by side, as the convolutional kernels' patch extraction reads them) or
 * {@link Layout#PLANAR} (one H x W plane per channel, as the invariances' image warp reads
 * them). One-channel images have one layout only; their shape is always INTERLEAVED, so equal
 * gray shapes are equal records.
 */
public record ImageShape(int height, int width, int channels, Layout layout) {
  /** Where the entry of channel c at row y, column x of an image sits in its matrix row. */
  public enum Layout {
    /** Entry {@code (y * width + x) * channels + c}. */
    INTERLEAVED,
    /** Entry {@code c * height * width + y * width + x}. */
    PLANAR
  }

  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("image shape needs channels, height and width >= 1, got "
          + channels + " channels of " + height + "x" + width);
    }
    if (layout == null) {
      throw new IllegalArgumentException("image layout must not be null");
    }
    if (channels == 1) {
      layout = Layout.INTERLEAVED;
    }
  }

  /** {@code height x width} pixels with the channels of each pixel side by side. */
  public static ImageShape interleaved(int height, int width, int channels) {
    return new ImageShape(height, width, channels, Layout.INTERLEAVED);
  }

  /** {@code channels} planes of {@code height x width} pixels, one after the other. */
  public static ImageShape planar(int channels, int height, int width) {
    return new ImageShape(height, width, channels, Layout.PLANAR);
  }

  /** A single-channel image. */
  public static ImageShape gray(int height, int width) {
    return new ImageShape(height, width, 1, Layout.INTERLEAVED);
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

  /** Entries per image row: height * width * channels. */
  public int size() {
    return height * width * channels;
  }

  /** The column of channel {@code c} at row {@code y}, column {@code x}. */
  public int index(int c, int y, int x) {
    return layout == Layout.PLANAR ? c * plane() + y * width + x : (y * width + x) * channels + c;
  }

  /** Throws a clear error unless a matrix with {@code cols} columns holds images of this shape. */
  public void requireColumns(String what, int cols) {
    if (cols != size()) {
      throw new IllegalArgumentException(what + " has " + cols + " columns but images of shape " + this
          + " need " + size());
    }
  }

  /** Throws a clear error unless the entries are laid out as {@code needed} (any one-channel image is). */
  public void requireLayout(Layout needed, String user) {
    if (channels > 1 && layout != needed) {
      throw new IllegalArgumentException(user + " reads " + needed.name().toLowerCase(java.util.Locale.ROOT)
          + " images; got " + this);
    }
  }

  @Override
  public String toString() {
    return channels == 1 ? height + "x" + width
        : channels + "x" + height + "x" + width + " (" + layout.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
