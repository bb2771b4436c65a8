package bms.nn;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** An element-wise non-linearity; keeps the shape of its input. */
public final class Activation extends Layer {
  /** The functions on offer. ReLU's derivative at 0 is taken as 0. */
  public enum Kind {
    RELU, TANH, SOFTPLUS
  }

  private final Kind kind;

  public Activation(Kind kind) {
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  public static Activation relu() {
    return new Activation(Kind.RELU);
  }

  public static Activation tanh() {
    return new Activation(Kind.TANH);
  }

  public static Activation softplus() {
    return new Activation(Kind.SOFTPLUS);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public Var forward(Var x) {
    return switch (kind) {
      case RELU -> relu(x);
      case TANH -> x.tanh();
      case SOFTPLUS -> x.softplus();
    };
  }

  /** max(x, 0) element-wise, as one node; the gradient passes where x > 0. */
  static Var relu(Var x) {
    Matrix v = x.value();
    double[] xd = v.data();
    Matrix out = new Matrix(v.rows(), v.cols());
    double[] o = out.data();
    for (int i = 0; i < o.length; i++) o[i] = xd[i] > 0 ? xd[i] : 0.0;
    return Var.op("relu", out, (g, sink) -> {
      Matrix gx = new Matrix(v.rows(), v.cols());
      double[] gd = gx.data(), gg = g.data();
      for (int i = 0; i < gd.length; i++) gd[i] = xd[i] > 0 ? gg[i] : 0.0;
      sink.accumulate(x, gx);
    }, x);
  }

  @Override
  public int outputSize(int inputSize) {
    if (inputSize < 1) throw new IllegalArgumentException(describe() + " needs at least one input, got " + inputSize);
    return inputSize;
  }

  @Override
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
