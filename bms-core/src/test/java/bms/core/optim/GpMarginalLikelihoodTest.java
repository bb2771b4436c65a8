package bms.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both optimisers fit the hyperparameters of an exact GP (SE kernel variance and lengthscale,
 * Gaussian noise) by minimising the negative log marginal likelihood on seeded 1-D data, and
 * agree on the optimum.
 */
class GpMarginalLikelihoodTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(3);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lbfgsAndAdamReachTheSameOptimum(long seed) {
    Matrix[] data = TestProblems.gpData(seed, 20);

    TestProblems.Gp byLbfgs = new TestProblems.Gp(1.0, 1.0, 0.1);
    Objective f = TestProblems.gpNegLogMarginal(byLbfgs, data[0], data[1]);
    // Default tolerances: rounding in the Cholesky puts a floor of about 1e-6 under the gradient
    // here, where the relative-change test stops the run instead.
    LbfgsResult res = new Lbfgs().minimise(f, byLbfgs);
    assertTrue(res.converged(), res.toString());
    assertTrue(res.gradientNorm() < 1e-5, res.toString());

    // The optimum is a stationary point of the objective itself: central differences in the
    // unconstrained coordinates vanish there (to the differencing error).
    ParameterVector pv = ParameterVector.trainable(byLbfgs);
    double[] u = pv.values();
    for (int i = 0; i < u.length; i++) {
      double h = 1e-5;
      double[] up = u.clone();
      up[i] += h;
      pv.setValues(up);
      double fp = f.loss().scalar();
      double[] down = u.clone();
      down[i] -= h;
      pv.setValues(down);
      double fm = f.loss().scalar();
      double fd = (fp - fm) / (2 * h);
      assertTrue(Math.abs(fd) < 1e-5, "finite-difference gradient in " + pv.locate(i) + " is " + fd);
      // And it curves upwards: a minimum, not a saddle or maximum along this axis.
      assertTrue(fp + fm - 2 * res.value() > 0, "not a minimum along " + pv.locate(i));
    }
    pv.setValues(u);

    TestProblems.Gp byAdam = new TestProblems.Gp(1.0, 1.0, 0.1);
    Objective g = TestProblems.gpNegLogMarginal(byAdam, data[0], data[1]);
    new Adam(byAdam).schedule(LearningRateSchedule.exponentialDecay(0.1, 0.5, 100)).run(g, 1000);
    assertEquals(res.value(), g.loss().scalar(), 1e-8 * Math.max(1, Math.abs(res.value())));
    double[][] pairs = {
        {byLbfgs.variance.scalar(), byAdam.variance.scalar()},
        {byLbfgs.lengthscale.scalar(), byAdam.lengthscale.scalar()},
        {byLbfgs.noise.scalar(), byAdam.noise.scalar()}};
    for (double[] pr : pairs) {
      assertEquals(pr[0], pr[1], 1e-4 * pr[0], "Adam and L-BFGS disagree on a hyperparameter");
    }
  }
}
