package bms.invariance.models;

import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.models.DeepGP;
import bms.dgp.models.GPLayer;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.Orbit;
import bms.kernels.inducing.InducingPoints;
import java.util.ArrayList;
import java.util.List;

/**
 * A deep GP whose first layer is invariant: its outputs are f^1_k(x) = E_a [m_k(t(x; a)) +
 * g_k(t(x; a))], estimated by the talk's procedure (the sample average over S transformations
 * drawn per input, with Kuf and the variances from the same draws), and the layers above are
 * unchanged. Build the deep GP as usual ({@link bms.dgp.models.DeepGPBuilder}: k-means Z, PCA
 * mean, small inner q), then
 * <pre>
 *   DeepGP dgp = InvariantFirstLayer.of(new DeepGPBuilder(x, lik, 1).hiddenWidths(w).build(rng),
 *       new RotationOrbit(shape, 5, 10, EpsilonSource.perEvaluation()));
 *   Trainer t = new Trainer(OrbitNoise.objective(new Elbo(dgp, data)), rng);
 * </pre>
 * The first layer's kernel k_g becomes {@code Invariant.forVariationalModels(k_g, orbit)} (the
 * sample-average diagonal, so the sampled marginals are those of f_hat and never negative), its
 * inducing points become {@link InvariantInducingPoints} at the same Z (in g's input space:
 * Kuu = k_g(Z, Z), Kuf = mean_s k_g(Z, t(x; a_s))), and its mean function is averaged over the
 * same draws ({@link OrbitAveragedMean}). q(u), whitening, white noise and jitter are kept.
 * Train through {@link OrbitNoise#objective} when the orbit draws from the evaluation stream.
 */
public final class InvariantFirstLayer {
  private InvariantFirstLayer() {}

  /**
   * A deep GP with the layers of {@code dgp}, the first made invariant to {@code orbit}. The
   * result shares the upper layers, the likelihood, the first layer's q(u) and base kernel with
   * {@code dgp}; use the result from then on, not {@code dgp}.
   */
  public static DeepGP of(DeepGP dgp, Orbit orbit) {
    java.util.Objects.requireNonNull(dgp, "dgp");
    java.util.Objects.requireNonNull(orbit, "orbit");
    GPLayer first = dgp.layers().get(0);
    if (first.kernel() instanceof Invariant) {
      throw new IllegalArgumentException("the first layer's kernel is already Invariant");
    }
    if (!(first.inducing() instanceof InducingPoints ip) || first.inducing() instanceof InvariantInducingPoints) {
      throw new IllegalArgumentException("the first layer needs plain inducing points, got "
          + first.inducing().getClass().getSimpleName());
    }
    Invariant kernel = Invariant.forVariationalModels(first.kernel(), orbit);
    MeanFunction mean = first.meanFunction().isZero() ? first.meanFunction()
        : new OrbitAveragedMean(first.meanFunction(), kernel);
    GPLayer invariant = new GPLayer(kernel, new InvariantInducingPoints(ip.z().value().copy()), mean, first.q(),
        first.whiten(), first.whiteNoise()).setJitter(first.jitter());
    List<GPLayer> layers = new ArrayList<>(dgp.layers());
    layers.set(0, invariant);
    return new DeepGP(layers, dgp.likelihood(), dgp.numSamples());
  }
}
