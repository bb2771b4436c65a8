package bms.kernels.convolutional;

import bms.kernels.image.ImageShape;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * Cuts images (rows, {@link ImageShape} layout) into all VALID patches as one differentiable
 * operation. Patch p = py * outWidth + px has its top-left pixel at (py * strideY, px * strideX);
 * its entries are ordered (i, j, c) row-major, so channels stay inside the patch. Image n's
 * patches are rows n * P .. n * P + P - 1 of the result.
 *
 * <p>The backward pass scatter-adds each patch gradient back onto the pixels it was cut from
 * (overlapping patches add up), driven by the same precomputed index map as the forward copy.
 */
public final class PatchExtractor {
  private final ImageShape image;
  private final PatchShape patch;
  private final int outHeight;
  private final int outWidth;
  private final int patchSize;
  /** Source column (within an image row) of entry e of patch p, at p * patchSize + e. */
  private final int[] source;

  public PatchExtractor(ImageShape image, PatchShape patch) {
    if (patch.height() > image.height() || patch.width() > image.width()) {
      throw new IllegalArgumentException("patch " + patch.height() + "x" + patch.width() + " does not fit in image "
          + image.height() + "x" + image.width());
    }
    image.requireLayout(ImageShape.Layout.INTERLEAVED, "patch extraction");
    this.image = image;
    this.patch = patch;
    this.outHeight = (image.height() - patch.height()) / patch.strideY() + 1;
    this.outWidth = (image.width() - patch.width()) / patch.strideX() + 1;
    int c = image.channels();
    this.patchSize = patch.height() * patch.width() * c;
    this.source = new int[outHeight * outWidth * patchSize];
    int k = 0;
    for (int py = 0; py < outHeight; py++) {
      for (int px = 0; px < outWidth; px++) {
        int y0 = py * patch.strideY(), x0 = px * patch.strideX();
        for (int i = 0; i < patch.height(); i++) {
          for (int j = 0; j < patch.width(); j++) {
            int base = ((y0 + i) * image.width() + (x0 + j)) * c;
            for (int ch = 0; ch < c; ch++) source[k++] = base + ch;
          }
        }
      }
    }
  }

  public ImageShape image() {
    return image;
  }

  public PatchShape patch() {
    return patch;
  }

  /** P, the number of patches per image. */
  public int numPatches() {
    return outHeight * outWidth;
  }

  /** Entries per patch: patch height * width * channels. */
  public int patchSize() {
    return patchSize;
  }

  public int outHeight() {
    return outHeight;
  }

  public int outWidth() {
    return outWidth;
  }

  /** The patches of N images (N x H*W*C) as an (N * P) x patchSize matrix. */
  public Var extract(Var images) {
    if (images.cols() != image.size()) {
      throw new IllegalArgumentException("images must have " + image.size() + " columns (" + image.height() + "x"
          + image.width() + "x" + image.channels() + "), got " + images.value().shapeString());
    }
    int n = images.rows(), d = image.size(), p = numPatches(), block = p * patchSize;
    double[] x = images.value().data();
    Matrix out = new Matrix(n * p, patchSize);
    double[] o = out.data();
    for (int img = 0; img < n; img++) {
      int xo = img * d, oo = img * block;
      for (int k = 0; k < block; k++) o[oo + k] = x[xo + source[k]];
    }
    return Var.op("extractPatches", out, (g, sink) -> {
      Matrix gx = new Matrix(n, d);
      double[] gd = gx.data();
      double[] gg = g.data();
      for (int img = 0; img < n; img++) {
        int xo = img * d, oo = img * block;
        for (int k = 0; k < block; k++) gd[xo + source[k]] += gg[oo + k];
      }
      sink.accumulate(images, gx);
    }, images);
  }

  /**
   * Patch locations normalised to [0, 1]: row p is (py / (outHeight - 1), px / (outWidth - 1)),
   * with 0 along a direction that has a single patch position. P x 2.
   */
  public Matrix locations() {
    Matrix l = new Matrix(numPatches(), 2);
    for (int py = 0; py < outHeight; py++) {
      for (int px = 0; px < outWidth; px++) {
        int p = py * outWidth + px;
        l.set(p, 0, outHeight > 1 ? (double) py / (outHeight - 1) : 0.0);
        l.set(p, 1, outWidth > 1 ? (double) px / (outWidth - 1) : 0.0);
      }
    }
    return l;
  }
}
