package bms.dgp.models;

import bms.core.matrix.Matrix;
import bms.dgp.convolutional.PatchGeometry;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.image.ImageShape;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;

/** Shape checks between consecutive layers of a deep GP and its inputs, naming both sides. */
final class LayerChecks {
  private LayerChecks() {}

  /** The first layer can read X: its image size for a convolutional layer, else its inducing inputs' width. */
  static void requireInput(Matrix x, String name, GPLayer first) {
    if (first.isConvolutional()) {
      ImageShape image = first.patches().image();
      if (x.cols() != image.size()) {
        throw new IllegalArgumentException(name + " has " + x.cols() + " columns but the first layer reads "
            + describe(image) + " images (" + image.size() + " columns)");
      }
      return;
    }
    ModelChecks.requireInputDim(x, name, first.inducing());
  }

  /** Layer {@code l}'s output is what layer l + 1 reads (a feature map of the same shape for convolutional layers). */
  static void requireFits(GPLayer layer, int l, GPLayer next) {
    int out = layer.outputDim();
    String have = layer.isConvolutional()
        ? "a " + describe(layer.patches().outputShape(layer.numLatent())) + " feature map (" + out + " columns)"
        : out + " outputs";
    ImageShape reads = imageOf(next);
    if (reads != null) {
      boolean fits = layer.isConvolutional()
          ? reads.equals(layer.patches().outputShape(layer.numLatent()))
          : reads.size() == out;
      if (!fits) {
        String what = layer.isConvolutional() && reads.channels() != layer.numLatent()
            ? " (channels do not match: " + layer.numLatent() + " out, " + reads.channels() + " in)" : "";
        throw new IllegalArgumentException("layer " + l + " gives " + have + " but layer " + (l + 1) + " reads "
            + describe(reads) + " images (" + reads.size() + " columns)" + what);
      }
      return;
    }
    if (next.inducing() instanceof InducingPoints ip && !(ip instanceof InducingPatches) && ip.z().cols() != out) {
      throw new IllegalArgumentException("layer " + l + " has " + have + " but layer " + (l + 1)
          + "'s inducing points have " + ip.z().cols() + " columns");
    }
  }

  /** The image shape a layer reads, or null for a layer on plain vectors. */
  private static ImageShape imageOf(GPLayer layer) {
    PatchGeometry g = layer.patches();
    if (g != null) return g.image();
    if (layer.kernel() instanceof Convolutional c && c.activeDims() == null) return c.patches().image();
    return null;
  }

  private static String describe(ImageShape s) {
    return s.height() + "x" + s.width() + "x" + s.channels();
  }
}
