package bms.dgp.convolutional;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.kernels.image.ImageShape;

/**
 * Surrounds images (rows, {@link ImageShape} layout) with a border of {@code pad} zero pixels on
 * every side, as one differentiable copy; the backward pass reads the interior of the gradient
 * back. With padding (patch - 1) / 2 and stride 1, a convolutional layer keeps its image size.
 */
public final class ZeroPadding {
  private final ImageShape image;
  private final ImageShape padded;
  private final int pad;
  /** Column of pixel-channel entry k of the input in a padded row. */
  private final int[] target;

  public ZeroPadding(ImageShape image, int pad) {
    if (pad < 0) throw new IllegalArgumentException("padding must be >= 0, got " + pad);
    this.image = image;
    this.pad = pad;
    this.padded = ImageShape.interleaved(image.height() + 2 * pad, image.width() + 2 * pad, image.channels());
    int c = image.channels();
    this.target = new int[image.size()];
    int k = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int base = ((y + pad) * padded.width() + (x + pad)) * c;
        for (int ch = 0; ch < c; ch++) target[k++] = base + ch;
      }
    }
  }

  public ImageShape image() {
    return image;
  }

  public ImageShape padded() {
    return padded;
  }

  public int pad() {
    return pad;
  }

  /** N x H*W*C images to N x (H+2p)*(W+2p)*C; returns {@code images} itself when p = 0. */
  public Var apply(Var images) {
    if (images.cols() != image.size()) {
      throw new IllegalArgumentException("images must have " + image.size() + " columns (" + image.height() + "x"
          + image.width() + "x" + image.channels() + "), got " + images.value().shapeString());
    }
    if (pad == 0) return images;
    int n = images.rows(), d = image.size(), dp = padded.size();
    double[] x = images.value().data();
    Matrix out = new Matrix(n, dp);
    double[] o = out.data();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) o[i * dp + target[k]] = x[i * d + k];
    }
    return Var.op("zeroPad", out, (g, sink) -> {
      Matrix gx = new Matrix(n, d);
      double[] gd = gx.data(), gg = g.data();
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < d; k++) gd[i * d + k] = gg[i * dp + target[k]];
      }
      sink.accumulate(images, gx);
    }, images);
  }
}
