package bms.nn;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;

/**
 * Max pooling over square windows, per channel (VALID), as one node: the forward pass records,
 * for every output entry, which input entry won (the first of equal maxima), and the backward
 * pass routes the output gradient to it. Like ReLU it is differentiable except on ties.
 */
public final class MaxPooling extends Layer {
  private final ImageShape input;
  private final ImageShape output;
  /** Input column of entry e of the window of output column o: at o * windowSize + e. */
  private final int[] source;
  private final int windowSize;

  public MaxPooling(ImageShape input, int size, int stride) {
    PatchShape w = Shapes.window("MaxPooling", input, size, stride);
    this.input = input;
    int oh = (input.height() - size) / stride + 1, ow = (input.width() - size) / stride + 1, c = input.channels();
    this.output = ImageShape.interleaved(oh, ow, c);
    this.windowSize = w.height() * w.width();
    this.source = new int[output.size() * windowSize];
    int k = 0;
    for (int py = 0; py < oh; py++) {
      for (int px = 0; px < ow; px++) {
        for (int ch = 0; ch < c; ch++) {
          for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
              source[k++] = ((py * stride + i) * input.width() + (px * stride + j)) * c + ch;
            }
          }
        }
      }
    }
  }

  /** Non-overlapping windows (stride = size). */
  public MaxPooling(ImageShape input, int size) {
    this(input, size, size);
  }

  public ImageShape outputShape() {
    return output;
  }

  @Override
  public Var forward(Var x) {
    requireColumns(x, input.size());
    int n = x.rows(), d = input.size(), m = output.size();
    double[] xd = x.value().data();
    Matrix out = new Matrix(n, m);
    double[] o = out.data();
    int[] winner = new int[n * m];
    for (int r = 0; r < n; r++) {
      int xo = r * d;
      for (int col = 0; col < m; col++) {
        int base = col * windowSize;
        int best = source[base];
        double v = xd[xo + best];
        for (int e = 1; e < windowSize; e++) {
          int s = source[base + e];
          if (xd[xo + s] > v) {
            v = xd[xo + s];
            best = s;
          }
        }
        o[r * m + col] = v;
        winner[r * m + col] = xo + best;
      }
    }
    return Var.op("maxPool", out, (g, sink) -> {
      Matrix gx = new Matrix(n, d);
      double[] gd = gx.data(), gg = g.data();
      for (int i = 0; i < gg.length; i++) gd[winner[i]] += gg[i];
      sink.accumulate(x, gx);
    }, x);
  }

  @Override
  public int outputSize(int inputSize) {
    return requireInputSize(inputSize, input.size(), output.size());
  }

  @Override
  public String describe() {
    return "MaxPooling(" + Shapes.text(input) + " -> " + Shapes.text(output) + ")";
  }
}
