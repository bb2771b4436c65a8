package bms.examples.data;

import bms.core.matrix.Matrix;
import java.util.Arrays;
import java.util.Random;

/**
 * Labelled digit images (MNIST): {@code count} images of {@code rows x cols} unsigned-byte
 * pixels, stored row-major one image after another (0 = background, 255 = full ink), and labels
 * 0..9. Pixels stay as bytes (47 MB for the MNIST train split instead of 376 MB as doubles);
 * {@link #images()} gives the model-ready matrix with pixels scaled to [0, 1].
 *
 * <p>The arrays are owned by this record; callers must not change them.
 */
public record Digits(int rows, int cols, byte[] pixels, int[] labels) {
  /** Number of classes; labels are 0..CLASSES-1. */
  public static final int CLASSES = 10;

  public Digits {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("image shape must be positive, got " + rows + "x" + cols);
    }
    if (labels.length < 1) {
      throw new IllegalArgumentException("digits need at least one image, got 0 labels");
    }
    if ((long) labels.length * rows * cols != pixels.length) {
      throw new IllegalArgumentException("pixels has " + pixels.length + " bytes but " + labels.length
          + " images of " + rows + "x" + cols + " need " + (long) labels.length * rows * cols);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= CLASSES) {
        throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is outside 0..9");
      }
    }
  }

  public int count() {
    return labels.length;
  }

  /** Pixels per image, rows * cols. */
  public int imageSize() {
    return rows * cols;
  }

  public int label(int i) {
    checkIndex("i", i);
    return labels[i];
  }

  /** Image i as rows*cols values in [0, 1], row-major. */
  public double[] image(int i) {
    checkIndex("i", i);
    int d = imageSize();
    double[] out = new double[d];
    for (int k = 0; k < d; k++) {
      out[k] = (pixels[i * d + k] & 0xFF) / 255.0;
    }
    return out;
  }

  /** All images as a count x (rows*cols) matrix with pixels scaled to [0, 1]. */
  public Matrix images() {
    int n = count();
    int d = imageSize();
    double[] out = new double[n * d];
    for (int k = 0; k < out.length; k++) {
      out[k] = (pixels[k] & 0xFF) / 255.0;
    }
    return Matrix.wrap(n, d, out);
  }

  /** Labels as a count x 1 matrix of the values 0..9, the layout of {@link NamedDataset#y()}. */
  public Matrix labelColumn() {
    double[] y = new double[count()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[i];
    }
    return Matrix.wrap(y.length, 1, y);
  }

  /** The images with the given indices (repeats allowed), in that order. */
  public Digits subset(int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("indices must not be empty");
    }
    int d = imageSize();
    byte[] px = new byte[indices.length * d];
    int[] lab = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= count()) {
        throw new IllegalArgumentException(
            "indices[" + k + "] = " + i + " is outside 0.." + (count() - 1));
      }
      System.arraycopy(pixels, i * d, px, k * d, d);
      lab[k] = labels[i];
    }
    return new Digits(rows, cols, px, lab);
  }

  /** {@code n} distinct images drawn at random with {@code seed} (same seed, same draw). */
  public Digits sample(int n, long seed) {
    return subset(Splits.sampleWithoutReplacement(count(), n, new Random(seed)));
  }

  /** The first {@code n} images, as in papers that use "the first n training digits". */
  public Digits first(int n) {
    if (n < 1 || n > count()) {
      throw new IllegalArgumentException("n must be in 1.." + count() + ", got " + n);
    }
    int[] idx = new int[n];
    Arrays.setAll(idx, i -> i);
    return subset(idx);
  }

  /** How many images of each class, indexed by label. */
  public int[] classCounts() {
    int[] c = new int[CLASSES];
    for (int l : labels) {
      c[l]++;
    }
    return c;
  }

  /** As a {@link NamedDataset}: X = pixels in [0, 1], y = labels. */
  public NamedDataset toDataset(String name) {
    return new NamedDataset(name, images(), labelColumn());
  }

  private void checkIndex(String name, int i) {
    if (i < 0 || i >= count()) {
      throw new IllegalArgumentException(name + " = " + i + " is outside 0.." + (count() - 1));
    }
  }
}
