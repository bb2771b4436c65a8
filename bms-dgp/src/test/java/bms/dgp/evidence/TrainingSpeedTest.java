package bms.dgp.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import bms.dgp.random.RandomStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lyle et al.'s training-speed estimator on a Bayesian linear model: it estimates, without bias,
 * the lower bound sum_i E_{p(w | y_<i)} log p(y_i | w), which lies below the log evidence.
 */
class TrainingSpeedTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(5);
  }

  /**
   * The members are independent, so their per-member totals give the standard error; the
   * estimate must be within 5 of them of the closed-form bound (two-sided 6e-7 per case).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void estimateMatchesTheClosedFormLowerBoundWithinMonteCarloError(long seed) {
    RandomCases rc = new RandomCases(seed);
    BayesianLinearModel blr = SampleThenOptimiseTest.problem(rc);
    int[] order = Orders.random(blr.size(), new RandomStream(seed).child("order"));
    TrainingSpeed.Estimate e = TrainingSpeed.linearModel(blr, order, 1000, new RandomStream(seed).child("members"),
        GradientDescent.defaults());
    double se = e.standardError();
    assertTrue(se > 0 && se < 0.1 * Math.abs(e.lowerBound()), "standard error " + se);
    assertEquals(e.lowerBound(), e.estimate(), 5 * se, "estimate vs closed form");
    assertTrue(e.lowerBound() <= e.logEvidence(), e.lowerBound() + " > " + e.logEvidence());
    assertEquals(blr.logMarginalLikelihood(), e.logEvidence(), 1e-9);
  }

  @Test
  void sumOfTrainingLossesIsTheNegatedSumOfTheObjective() {
    assertEquals(-(-3.0 - 2.5 - 1.0), TrainingSpeed.sumOfTrainingLosses(new double[] {-3.0, -2.5, -1.0}), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> TrainingSpeed.sumOfTrainingLosses(new double[0]));
    var e = assertThrows(IllegalArgumentException.class,
        () -> TrainingSpeed.sumOfTrainingLosses(new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("step 1"), e.getMessage());
  }
}
