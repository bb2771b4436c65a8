package bms.nn;

import bms.core.autodiff.Var;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchExtractor;

/**
 * Average pooling over square windows, per channel (VALID). Built from existing differentiable
 * operations: the windows are patches of the {@link PatchExtractor}, whose entries are ordered
 * (i, j, c), so a patch row read as (window pixels) x C and averaged over its pixels gives one
 * output pixel's C channels.
 */
public final class AveragePooling extends Layer {
  private final PatchExtractor windows;
  private final ImageShape output;

  public AveragePooling(ImageShape input, int size, int stride) {
    this.windows = new PatchExtractor(input, Shapes.window("AveragePooling", input, size, stride));
    this.output = ImageShape.interleaved(windows.outHeight(), windows.outWidth(), input.channels());
  }

  /** Non-overlapping windows (stride = size). */
  public AveragePooling(ImageShape input, int size) {
    this(input, size, size);
  }

  public ImageShape outputShape() {
    return output;
  }

  @Override
  public Var forward(Var x) {
    requireColumns(x, windows.image().size());
    int n = x.rows(), p = windows.numPatches(), c = output.channels();
    int pixels = windows.patchSize() / c;
    return windows.extract(x).reshape(n * p * pixels, c).groupMean(pixels).reshape(n, p * c);
  }

  @Override
  public int outputSize(int inputSize) {
    return requireInputSize(inputSize, windows.image().size(), output.size());
  }

  @Override
  public String describe() {
    return "AveragePooling(" + Shapes.text(windows.image()) + " -> " + Shapes.text(output) + ")";
  }
}
