package bms.invariance.lastlayer;

import bms.core.autodiff.Var;
import bms.core.param.Module;
import bms.invariance.orbits.SampledOrbit;
import bms.nn.Layer;

/**
 * Network features averaged over an input's orbit:
 * <pre>
 *   phi_bar(x) = (1/S) sum_s phi(t(x; a_s)),   a_s = h(eps_s, theta),  eps_s ~ U(0, 1)
 * </pre>
 * a Monte Carlo estimate of E_a phi(t(x; a)) whose gradients reach the orbit's parameters theta
 * through the reparameterised warp, and the network's weights through phi. Parameters are under
 * {@code orbit} and {@code network}.
 */
public final class OrbitAveragedFeatures extends Module {
  private final SampledOrbit orbit;
  private final Layer network;
  private final int inputSize;
  private final int featureSize;

  /**
   * @param inputSize D, the columns of an input image (the orbit's image size)
   * @param network phi, reading the D pixels of a transformed image
   */
  public OrbitAveragedFeatures(int inputSize, SampledOrbit orbit, Layer network) {
    java.util.Objects.requireNonNull(orbit, "orbit");
    java.util.Objects.requireNonNull(network, "network");
    this.featureSize = network.outputSize(inputSize); // names the layer if phi cannot read D columns
    this.inputSize = inputSize;
    this.orbit = addModule("orbit", orbit);
    this.network = addModule("network", network);
  }

  public SampledOrbit orbit() {
    return orbit;
  }

  public Layer network() {
    return network;
  }

  public int inputSize() {
    return inputSize;
  }

  /** F, the number of features. */
  public int featureSize() {
    return featureSize;
  }

  /** The N x F orbit-averaged features of the N x D inputs. */
  public Var features(Var x) {
    if (x.cols() != inputSize) {
      throw new IllegalArgumentException("OrbitAveragedFeatures: inputs must have " + inputSize + " columns, got "
          + x.value().shapeString());
    }
    return network.forward(orbit.apply(x)).groupMean(orbit.samples());
  }
}
