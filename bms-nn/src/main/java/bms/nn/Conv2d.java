package bms.nn;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchExtractor;
import bms.kernels.convolutional.PatchShape;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution with VALID padding, as patch extraction followed by one matrix product
 * ("im2col"): the N images become (N * P) x (kh * kw * C_in) patches with the convolutional
 * kernels' differentiable {@link PatchExtractor}, times the (kh * kw * C_in) x C_out filter
 * matrix, plus a bias per output channel. The (N * P) x C_out result read as N rows of P * C_out
 * is exactly the output image in the height x width x channels layout, so no copy is needed.
 */
public final class Conv2d extends Layer {
  private final PatchExtractor patches;
  private final ImageShape output;
  private final Parameter filters;
  private final Parameter bias;

  /**
   * @param input the shape of the input images
   * @param kernel the filter size and stride (VALID padding)
   * @param outChannels C_out, the number of filters
   */
  public Conv2d(ImageShape input, PatchShape kernel, int outChannels, Init init, RandomGenerator rng) {
    if (outChannels < 1) throw new IllegalArgumentException("Conv2d needs outChannels >= 1, got " + outChannels);
    this.patches = new PatchExtractor(input, kernel);
    this.output = ImageShape.interleaved(patches.outHeight(), patches.outWidth(), outChannels);
    int fanIn = patches.patchSize();
    int fanOut = kernel.height() * kernel.width() * outChannels;
    this.filters = addParameter("filters",
        Parameter.unconstrained(init.sample(fanIn, outChannels, fanIn, fanOut, rng)));
    this.bias = addParameter("bias", Parameter.unconstrained(new Matrix(1, outChannels)));
  }

  public ImageShape inputShape() {
    return patches.image();
  }

  public ImageShape outputShape() {
    return output;
  }

  public Parameter filters() {
    return filters;
  }

  public Parameter bias() {
    return bias;
  }

  @Override
  public Var forward(Var x) {
    requireColumns(x, patches.image().size());
    Var p = patches.extract(x);
    return p.matmul(filters.var()).add(bias.var()).reshape(x.rows(), output.size());
  }

  @Override
  public int outputSize(int inputSize) {
    return requireInputSize(inputSize, patches.image().size(), output.size());
  }

  @Override
  public String describe() {
    ImageShape in = patches.image();
    return "Conv2d(" + Shapes.text(in) + " -> " + Shapes.text(output) + ", " + patches.patch().height() + "x"
        + patches.patch().width() + " filters, stride " + patches.patch().strideY() + "x" + patches.patch().strideX()
        + ")";
  }
}
