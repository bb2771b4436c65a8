package bms.invariance.models;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.EpochMean;
import bms.dgp.training.MinibatchStream;
import bms.dgp.variational.QForm;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.testing.InvariantCases;
import bms.kernels.SquaredExponential;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invariant SVGP's minibatch bound is unbiased for its full-batch bound at fixed orbit draws:
 * each input always gets the same S rotations, whichever batch it is in, and over one epoch of
 * {@link MinibatchStream} batches the mean bound and gradient equal the full-batch ones, for the
 * unbiased Gaussian estimator and for the sample average.
 */
class InvariantMinibatchBoundTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(20);
  }

  /**
   * Orbit noise tied to the inputs: input n always gets rows n*S..n*S+S-1 of a fixed table,
   * for the batch the objective is about to evaluate ({@link #use}; null for all inputs).
   */
  private static final class PointTiedEpsilons implements EpsilonSource {
    private final Matrix table;
    private final int samples;
    private int[] batch;

    PointTiedEpsilons(Matrix table, int samples) {
      this.table = table;
      this.samples = samples;
    }

    void use(int[] batch) {
      this.batch = batch;
    }

    @Override
    public Matrix uniform(int rows, int cols) {
      int inputs = batch == null ? table.rows() / samples : batch.length;
      if (rows != inputs * samples || cols != table.cols()) {
        throw new IllegalStateException("asked for " + rows + "x" + cols + " eps for a batch of " + inputs + " inputs");
      }
      Matrix out = new Matrix(rows, cols);
      for (int i = 0; i < inputs; i++) {
        int n = batch == null ? i : batch[i];
        System.arraycopy(table.data(), n * samples * cols, out.data(), i * samples * cols, samples * cols);
      }
      return out;
    }
  }

  /** {@code inner}, with the eps table pointed at each evaluation's batch first. */
  private static Objective tiedTo(Objective inner, PointTiedEpsilons eps) {
    return new Objective() {
      @Override
      public Module module() {
        return inner.module();
      }

      @Override
      public int numData() {
        return inner.numData();
      }

      @Override
      public boolean supportsMinibatches() {
        return true;
      }

      @Override
      public Var evaluate(int[] batch, RandomStream rng) {
        eps.use(batch);
        return inner.evaluate(batch, rng);
      }
    };
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void epochMeanWithFixedOrbitDrawsIsTheFullBatchBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape shape = ImageShape.gray(rc.dim(3, 5), rc.dim(3, 5));
    int b = rc.dim(1, 4), k = rc.dim(2, 4), n = b * k, m = rc.dim(1, 4), s = rc.dim(2, 4);
    boolean gaussian = rc.rng().nextBoolean();
    Matrix x = InvariantCases.images(rc, n, shape), z = InvariantCases.images(rc, m, shape);
    Matrix y = rc.matrix(n, 1);
    if (!gaussian) for (int i = 0; i < n; i++) y.data()[i] = y.data()[i] > 0 ? 1 : 0;
    PointTiedEpsilons eps = new PointTiedEpsilons(rc.uniform(n * s, 1, 0, 1), s);
    RotationOrbit orbit = new RotationOrbit(shape, 10 + 150 * rc.rng().nextDouble(), s, eps);
    Invariant kernel = Invariant.forVariationalModels(new SquaredExponential(0.5 + rc.rng().nextDouble(),
        1.0 + rc.rng().nextDouble()), orbit);
    Likelihood lik = gaussian ? new Gaussian(0.1 + rc.rng().nextDouble()) : new Bernoulli();
    ExpectationEstimator estimator = gaussian && rc.rng().nextBoolean() ? ExpectationEstimator.UNBIASED_GAUSSIAN
        : ExpectationEstimator.SAMPLE_AVERAGE;
    InvariantSVGP model = new InvariantSVGP(kernel, lik, new InvariantInducingPoints(z), new Zero(), 1,
        rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL, rc.rng().nextBoolean(), estimator);
    InvariantCases.perturb(model.layer().q().trainableParameters(), rc.rng(), 0.3);
    Objective bound = tiedTo(new Elbo(model, new Dataset(x, y)), eps);
    MinibatchStream batches = new MinibatchStream(new RandomStream(seed), n, b);
    EpochMean.ValueAndGradient full = EpochMean.of(bound, null, null);
    long epoch = rc.rng().nextInt(3);
    EpochMean.assertSame(full, EpochMean.over(bound, batches, epoch, t -> null), 1e-10, estimator + ", epoch " + epoch);
  }
}
