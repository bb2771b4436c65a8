package bms.dgp.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.Lbfgs;
import bms.core.optim.LearningRateSchedule;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Problems;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adam on minibatches of B = 20 of N = 200 points maximises the same bound as full-batch L-BFGS:
 * started from the same SVGP, its full-batch bound ends within {@link #TOLERANCE} nats of the
 * L-BFGS optimum.
 */
class MinibatchTrainingTest {
  static final int N = 200;
  static final int BATCH = 20;
  static final int M = 12;
  static final int STEPS = 5000;

  /**
   * 1 nat. Why: with this schedule, full-batch Adam reaches the L-BFGS optimum to about 1e-6 nats
   * (measured on these seeds), so what minibatch Adam leaves is its gradient noise: iterates that
   * jitter around the optimum by an amount proportional to the learning rate, measured at 0.12
   * to 0.41 nats here. 1 nat over N = 200 points is 0.005 nats per point, well below the bound
   * differences that model selection acts on, and some 20 times smaller than what a wrong
   * minibatch scale costs: with N / B replaced by 1 the data term is weighted B / N = 1/10, the
   * optimum moves towards the prior and the full-batch bound ends 21 to 24 nats lower.
   */
  static final double TOLERANCE = 1.0;

  static Stream<Long> seeds() {
    return RandomCases.seeds(3);
  }

  /** An SVGP on a fixed grid of inducing inputs, so that both optimisers face the same smooth problem. */
  private static SVGP model() {
    Matrix z = new Matrix(M, 1);
    for (int i = 0; i < M; i++) z.data()[i] = -3 + 6.0 * i / (M - 1);
    SVGP svgp = new SVGP(new SquaredExponential(1.0, Matrix.row(1.0)), new Gaussian(0.5), new InducingPoints(z), 1);
    ((InducingPoints) svgp.layer().inducing()).z().setTrainable(false);
    return svgp;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void adamOnMinibatchesReachesTheFullBatchOptimum(long seed) {
    Dataset data = Problems.regression(new RandomCases(seed), N, 1, 1);
    SVGP reference = model();
    Elbo referenceBound = new Elbo(reference, data);
    TrainingResult lbfgs = new Trainer(referenceBound, new RandomStream(seed)).lbfgs(new Lbfgs().maxIterations(1000));
    assertEquals(TrainingResult.Status.CONVERGED, lbfgs.status(), lbfgs.message());
    double optimum = referenceBound.evaluate(null, null).scalar();

    SVGP svgp = model();
    Elbo bound = new Elbo(svgp, data);
    Adam adam = new Adam(svgp).schedule(LearningRateSchedule.exponentialDecay(0.05, 0.5, 1000));
    TrainingResult r = new Trainer(bound, new RandomStream(seed)).batchSize(BATCH).adam(adam, STEPS);
    assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
    double reached = bound.evaluate(null, null).scalar();
    // The optimum is a maximum: Adam cannot end above it (beyond L-BFGS's own convergence tolerance).
    assertTrue(reached <= optimum + 1e-6 * Math.max(1, Math.abs(optimum)), "Adam " + reached + " above the optimum "
        + optimum);
    assertTrue(optimum - reached <= TOLERANCE, "minibatch Adam ended at " + reached + ", "
        + (optimum - reached) + " nats below the full-batch optimum " + optimum);
  }
}
