package bms.nn.kernels;

import bms.core.autodiff.Var;
import bms.kernels.Kernel;
import bms.nn.Layer;

/**
 * A kernel on learned features, k(x, x') = k_base(phi(x), phi(x')) with phi a network (deep
 * kernel learning, Wilson et al. 2016). The network's weights and the base kernel's
 * hyperparameters are parameters of this kernel (under {@code network} and {@code base}), so the
 * marginal likelihood or bound of any model that uses it (GPR, SGPR, SVGP, a deep GP's first
 * layer) trains them together. k is positive semi-definite whenever k_base is, for any phi.
 *
 * <p>Inducing points live in the input space (phi is applied to Z like to X). The symmetric case
 * K(X, X) evaluates phi(X) once and hands the base kernel the same node twice.
 */
public final class FeatureMapKernel extends Kernel {
  private final Layer network;
  private final Kernel base;
  private final int inputSize;

  /**
   * @param inputSize D, the columns of the inputs phi reads
   * @param network phi, mapping N x D to N x F
   * @param base the kernel on the F features
   */
  public FeatureMapKernel(int inputSize, Layer network, Kernel base) {
    java.util.Objects.requireNonNull(network, "network");
    java.util.Objects.requireNonNull(base, "base");
    network.outputSize(inputSize); // fails here, naming the layer, if the network cannot read D columns
    this.inputSize = inputSize;
    this.network = addModule("network", network);
    this.base = addModule("base", base);
  }

  public Layer network() {
    return network;
  }

  public Kernel base() {
    return base;
  }

  /** phi(x), the features the base kernel sees. */
  public Var features(Var x) {
    if (x.cols() != inputSize) {
      throw new IllegalArgumentException("FeatureMapKernel: inputs must have " + inputSize + " columns, got "
          + x.value().shapeString());
    }
    return network.forward(x);
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    Var f = features(x);
    return base.K(f, x2 == x ? f : features(x2));
  }

  @Override
  protected Var computeKdiag(Var x) {
    return base.Kdiag(features(x));
  }
}
