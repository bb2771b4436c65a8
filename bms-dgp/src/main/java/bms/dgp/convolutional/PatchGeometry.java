package bms.dgp.convolutional;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchExtractor;
import bms.kernels.convolutional.PatchShape;

/**
 * Where a convolutional layer looks: its input image shape, a zero border of {@code padding}
 * pixels, and patches of the padded image moved by the strides ({@link PatchExtractor}). An
 * input row becomes P patch rows; K values per patch, row-major over the patch grid, form a
 * feature map of shape outHeight x outWidth x K in the same row layout as the images
 * ({@link ImageShape}), so feature maps feed the next layer (or a convolutional kernel) as they are.
 */
public final class PatchGeometry {
  private final ZeroPadding padding;
  private final PatchExtractor extractor;

  public PatchGeometry(ImageShape image, PatchShape patch, int padding) {
    this.padding = new ZeroPadding(image, padding);
    ImageShape padded = this.padding.padded();
    if (patch.height() > padded.height() || patch.width() > padded.width()) {
      throw new IllegalArgumentException("patch " + patch.height() + "x" + patch.width() + " is larger than the "
          + image.height() + "x" + image.width() + " image" + (padding > 0 ? " padded by " + padding : ""));
    }
    this.extractor = new PatchExtractor(padded, patch);
  }

  /** Square patches of side {@code patch}, the same stride in both directions. */
  public static PatchGeometry square(ImageShape image, int patch, int stride, int padding) {
    return new PatchGeometry(image, new PatchShape(patch, patch, stride, stride), padding);
  }

  public ImageShape image() {
    return padding.image();
  }

  public PatchShape patch() {
    return extractor.patch();
  }

  public int padding() {
    return padding.pad();
  }

  /** P, patches per image. */
  public int numPatches() {
    return extractor.numPatches();
  }

  /** Entries per patch: patch height * width * input channels. */
  public int patchSize() {
    return extractor.patchSize();
  }

  /** The shape of a feature map with {@code channels} values per patch. */
  public ImageShape outputShape(int channels) {
    return ImageShape.interleaved(extractor.outHeight(), extractor.outWidth(), channels);
  }

  /** Patch locations normalised to [0, 1]^2, P x 2 ({@link PatchExtractor#locations}). */
  public Matrix locations() {
    return extractor.locations();
  }

  /** The patches of N images as an (N * P) x patchSize matrix (image n's are rows nP .. nP + P - 1). */
  public Var patches(Var images) {
    return extractor.extract(padding.apply(images));
  }

  /**
   * The "identity" map of a patch to {@code channels} outputs (patchSize x channels): output
   * channel c' copies input channel c' mod C of the patch's centre pixel (the upper-left one of
   * the four central pixels for an even side). As a fixed linear mean it passes the image on
   * through the layer, as in the deep convolutional GPs of Blomqvist, Kaski and Heinonen (2020).
   */
  public Matrix centrePixelMap(int channels) {
    if (channels < 1) throw new IllegalArgumentException("channels must be positive, got " + channels);
    int c = image().channels();
    int centre = ((patch().height() - 1) / 2 * patch().width() + (patch().width() - 1) / 2) * c;
    Matrix a = new Matrix(patchSize(), channels);
    for (int k = 0; k < channels; k++) a.set(centre + k % c, k, 1.0);
    return a;
  }
}
