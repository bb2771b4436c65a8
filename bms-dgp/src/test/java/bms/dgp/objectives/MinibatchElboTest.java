package bms.dgp.objectives;

import bms.core.matrix.Matrix;
import bms.core.param.LowerTriangularBijector;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Poisson;
import bms.dgp.likelihoods.StudentT;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.SVGP;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.EpochMean;
import bms.dgp.testing.Problems;
import bms.dgp.training.MinibatchStream;
import bms.dgp.variational.QForm;
import bms.kernels.inducing.InducingPoints;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The minibatch ELBO is an unbiased estimate of the full-batch one: over one epoch of
 * {@link MinibatchStream} batches, the mean of the bound and of its gradient equal the
 * full-batch bound and gradient (EpochMean). Every other test of the bound evaluates it on the
 * full batch, where N / B = 1; these fail when the scale is wrong.
 */
class MinibatchElboTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  private static void perturb(Map<String, Parameter> params, RandomCases rc) {
    for (Parameter p : params.values()) {
      Matrix u = p.unconstrained();
      for (int i = 0; i < u.size(); i++) u.data()[i] += 0.2 * rc.rng().nextGaussian();
      p.setUnconstrained(p.bijector() == LowerTriangularBijector.INSTANCE ? p.bijector().forward(u) : u);
    }
  }

  /** Targets for a likelihood picked by {@code which}: real, binary or counts. */
  private static Dataset withTargets(Dataset raw, int which) {
    Matrix y = raw.y().copy();
    for (int i = 0; i < y.size(); i++) {
      double v = y.data()[i];
      y.data()[i] = switch (which) {
        case 1 -> v > 0 ? 1 : 0;
        case 3 -> Math.floor(Math.abs(3 * v));
        default -> v;
      };
    }
    return new Dataset(raw.x(), y);
  }

  private static Likelihood likelihood(int which) {
    return switch (which) {
      case 0 -> new Gaussian(0.3);
      case 1 -> new Bernoulli();
      case 2 -> new StudentT(4, 0.5);
      default -> new Poisson();
    };
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void svgpEpochMeanIsTheFullBatchBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    int b = rc.dim(1, 6), k = rc.dim(2, 6), n = b * k, d = rc.dim(1, 3), p = rc.dim(1, 2);
    int which = rc.rng().nextInt(4);
    Dataset data = withTargets(Problems.regression(rc, n, d, p), which);
    int m = rc.dim(1, 5);
    SVGP svgp = new SVGP(Problems.kernel(rc, d), likelihood(which), new InducingPoints(Problems.spreadPoints(rc, m, d,
        0.5)), new Zero(), p, rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL, rc.rng().nextBoolean());
    perturb(svgp.trainableParameters(), rc);
    Elbo elbo = new Elbo(svgp, data);
    MinibatchStream batches = new MinibatchStream(new RandomStream(seed), n, b);
    EpochMean.ValueAndGradient full = EpochMean.of(elbo, null, null);
    for (long epoch = 0; epoch < 2; epoch++) {
      EpochMean.assertSame(full, EpochMean.over(elbo, batches, epoch, t -> null), 1e-10, "epoch " + epoch);
    }
  }

  /**
   * A two-layer deep GP with its noise tied to the points: the sampled layer draws B*S x W
   * normals from the stream in row order (row n*S + s is sample s of point n, and B*S*W is even,
   * so no Box-Muller pair straddles two batches). The epoch's batches are evaluated in order
   * with one stream that continues from batch to batch, and the full batch is evaluated on the
   * epoch's permutation (all N points, so N / B = 1) with a fresh copy of that stream: then
   * every point meets the same noise in both. A misaligned draw would show as a mismatch.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void deepGpWithFixedNoiseEpochMeanIsTheFullBatchBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    int b = rc.dim(1, 5), k = rc.dim(2, 5), n = b * k, d = rc.dim(1, 3), s = rc.dim(1, 3);
    int which = rc.rng().nextInt(3);
    Dataset data = withTargets(Problems.regression(rc, n, d, 1), which);
    DeepGP dgp = new DeepGPBuilder(data.x(), likelihood(which), 1).hiddenWidths(2).numInducing(Math.min(n, 4))
        .numSamples(s).innerQSqrtScale(0.3).build(new RandomStream(seed));
    perturb(dgp.trainableParameters(), rc);
    Elbo elbo = new Elbo(dgp, data);
    MinibatchStream batches = new MinibatchStream(new RandomStream(seed + 1), n, b);
    long epoch = rc.rng().nextInt(3);
    int[] order = new int[n];
    for (int t = 0; t < k; t++) System.arraycopy(batches.batch(epoch * k + t), 0, order, t * b, b);
    RandomStream noise = new RandomStream(seed + 2);
    EpochMean.ValueAndGradient full = EpochMean.of(elbo, order, noise.copy());
    EpochMean.assertSame(full, EpochMean.over(elbo, batches, epoch, t -> noise), 1e-10, "epoch " + epoch);
  }
}
