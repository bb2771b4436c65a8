package bms.nn;

import bms.core.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied in order: phi(x) = layer_L(... layer_1(x)). The sizes are checked once, at
 * construction, so a mismatch is reported by layer index before any data flows. Parameters are
 * under {@code layers[i]}.
 */
public final class Sequential extends Layer {
  private final int inputSize;
  private final int outputSize;
  private final List<Layer> layers;

  public Sequential(int inputSize, List<Layer> layers) {
    if (layers.isEmpty()) throw new IllegalArgumentException("Sequential needs at least one layer");
    if (inputSize < 1) throw new IllegalArgumentException("Sequential needs inputSize >= 1, got " + inputSize);
    int size = inputSize;
    for (int i = 0; i < layers.size(); i++) {
      try {
        size = layers.get(i).outputSize(size);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer " + i + " of the network: " + e.getMessage(), e);
      }
    }
    this.inputSize = inputSize;
    this.outputSize = size;
    this.layers = addModules("layers", layers);
  }

  public Sequential(int inputSize, Layer... layers) {
    this(inputSize, List.of(layers));
  }

  public int inputSize() {
    return inputSize;
  }

  /** The number of output columns (features). */
  public int outputSize() {
    return outputSize;
  }

  public List<Layer> layers() {
    return layers;
  }

  @Override
  public Var forward(Var x) {
    requireColumns(x, inputSize);
    Var h = x;
    for (Layer l : layers) h = l.forward(h);
    return h;
  }

  @Override
  public int outputSize(int inputSize) {
    return requireInputSize(inputSize, this.inputSize, outputSize);
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Layer l : layers) parts.add(l.describe());
    return "Sequential[" + String.join(", ", parts) + "]";
  }
}
