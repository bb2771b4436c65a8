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

  /** Solving each member's quadratic exactly gives the samples gradient descent converges to. */
  @ParameterizedTest
  @MethodSource("seeds")
  void exactSolvesGiveTheGradientDescentEstimate(long seed) {
    RandomCases rc = new RandomCases(seed);
    BayesianLinearModel blr = SampleThenOptimiseTest.problem(rc);
    int[] order = Orders.random(blr.size(), new RandomStream(seed).child("order"));
    TrainingSpeed.Estimate gd = TrainingSpeed.linearModel(blr, order, 50, new RandomStream(seed), GradientDescent.defaults());
    TrainingSpeed.Estimate exact = TrainingSpeed.linearModelSolvedExactly(blr, order, 50, new RandomStream(seed));
    double[] a = gd.estimateTerms();
    double[] b = exact.estimateTerms();
    for (int t = 0; t < a.length; t++) assertEquals(a[t], b[t], 1e-6 * (1 + Math.abs(a[t])), "term " + t);
    assertEquals(0, exact.gradientSteps());
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
