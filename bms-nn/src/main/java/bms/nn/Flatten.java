package bms.nn;

import bms.core.autodiff.Var;
import bms.kernels.image.ImageShape;

/**
 * Where a network stops treating its rows as images and starts treating them as vectors. Images
 * already travel as flat rows (height x width x channels), so the values pass unchanged; the
 * layer checks the image size and marks the boundary in the network's description.
 */
public final class Flatten extends Layer {
  private final ImageShape input;

  public Flatten(ImageShape input) {
    this.input = java.util.Objects.requireNonNull(input, "input");
  }

  @Override
  public Var forward(Var x) {
    requireColumns(x, input.size());
    return x;
  }

  @Override
  public int outputSize(int inputSize) {
    return requireInputSize(inputSize, input.size(), input.size());
  }

  @Override
  public String describe() {
    return "Flatten(" + Shapes.text(input) + " -> " + input.size() + ")";
  }
}
