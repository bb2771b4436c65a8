package bms.spark.sgpr;

import bms.core.linalg.JitterPolicy;
import bms.core.param.Module;
import bms.dgp.likelihoods.Gaussian;
import bms.kernels.Kernel;
import bms.kernels.inducing.InducingVariables;

/**
 * The parameters of a collapsed SGPR without its data: kernel, inducing variables and Gaussian
 * noise, under the same paths as {@link bms.dgp.models.SGPR} with a zero mean
 * ({@code kernel.*}, {@code inducing.*}, {@code likelihood.variance}), so gradients and
 * checkpoints line up with the single-machine model. The data live in the partitions.
 */
public final class SgprModel extends Module {
  private final Kernel kernel;
  private final InducingVariables inducing;
  private final Gaussian likelihood;
  private JitterPolicy jitter = JitterPolicy.defaultPolicy();

  public SgprModel(Kernel kernel, InducingVariables inducing, double noiseVariance) {
    if (!(inducing instanceof Module)) {
      throw new IllegalArgumentException("inducing variables must be a Module, got " + inducing.getClass().getName());
    }
    this.kernel = addModule("kernel", kernel);
    this.inducing = inducing;
    addModule("inducing", (Module) inducing);
    this.likelihood = addModule("likelihood", new Gaussian(noiseVariance));
  }

  public Kernel kernel() {
    return kernel;
  }

  public InducingVariables inducing() {
    return inducing;
  }

  public Gaussian likelihood() {
    return likelihood;
  }

  public JitterPolicy jitter() {
    return jitter;
  }

  /** The Kuu jitter policy (the default is SGPR's); set it in the factory so executors agree. */
  public SgprModel setJitter(JitterPolicy jitter) {
    this.jitter = java.util.Objects.requireNonNull(jitter, "jitter");
    return this;
  }
}
