package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.Dataset;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.testing.Dense;
import bms.dgp.testing.Problems;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GPR and SGPR predictions against the textbook formulas computed densely in the test:
 * mean = m(X*) + K*x (K + s2 I)^-1 (y - m(X)), var = k** - K*x (K + s2 I)^-1 Kx*, and
 * sum_p log N(y*_p | mean_p, var + s2); SGPR with Z = X predicts as GPR does. Random shapes, several
 * output columns, zero and linear mean functions.
 */
class ConjugatePredictionTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private record Case(Dataset data, SquaredExponential kernel, MeanFunction mean, Matrix meanMatrix, double noise,
      Matrix xNew, Matrix yNew) {}

  private static Case randomCase(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(3, 9), d = rc.dim(1, 3), p = rc.dim(1, 3), ns = rc.dim(1, 6);
    Dataset data = Problems.regression(rc, n, d, p);
    SquaredExponential k = Problems.kernel(rc, d);
    double noise = 0.05 + 0.4 * rc.rng().nextDouble();
    boolean linear = seed % 2 == 0;
    Matrix a = Matrix.randn(d, p, rc.rng());
    Matrix b = Matrix.randn(1, p, rc.rng());
    MeanFunction mean = linear ? new Linear(a, b) : new Zero();
    Matrix xNew = Matrix.randn(ns, d, rc.rng());
    Matrix yNew = Matrix.randn(ns, p, rc.rng());
    return new Case(data, k, mean, linear ? a : null, noise, xNew, yNew);
  }

  private static Matrix priorMean(Case c, Matrix x) {
    int p = c.data().y().cols();
    if (c.meanMatrix() == null) {
      return new Matrix(x.rows(), p);
    }
    Matrix m = Dense.mul(x, c.meanMatrix());
    Matrix b = ((Linear) c.mean()).b().value();
    for (int i = 0; i < m.rows(); i++) for (int j = 0; j < p; j++) m.set(i, j, m.get(i, j) + b.get(0, j));
    return m;
  }

  /** Dense posterior: {mean (N* x P), var (N* x 1)}. */
  private static Matrix[] densePosterior(Case c) {
    SquaredExponential k = c.kernel();
    double v = k.variance().scalar();
    Matrix l = k.lengthscales().value();
    Matrix x = c.data().x();
    Matrix kinv = Dense.inverse(Dense.addDiagonal(Dense.rbf(x, x, v, l), c.noise()));
    Matrix ksx = Dense.rbf(c.xNew(), x, v, l);
    Matrix r = Dense.sub(c.data().y(), priorMean(c, x));
    Matrix mean = Dense.add(priorMean(c, c.xNew()), Dense.mul(ksx, Dense.mul(kinv, r)));
    Matrix reduce = Dense.mul(ksx, Dense.mul(kinv, Dense.t(ksx)));
    Matrix var = new Matrix(c.xNew().rows(), 1);
    for (int i = 0; i < var.rows(); i++) var.set(i, 0, v - reduce.get(i, i));
    return new Matrix[] {mean, var};
  }

  private static void assertMarginals(Matrix[] expected, Marginals f, double tol, String what) {
    Matrix mean = f.mean().value(), var = f.variance().value();
    for (int i = 0; i < mean.rows(); i++) {
      for (int j = 0; j < mean.cols(); j++) {
        assertEquals(expected[0].get(i, j), mean.get(i, j), tol, what + " mean (" + i + ", " + j + ")");
        // One variance for every output column.
        assertEquals(expected[1].get(i, 0), var.get(i, j), tol, what + " variance (" + i + ", " + j + ")");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gprPredictsTheTextbookPosterior(long seed) {
    Case c = randomCase(seed);
    GPR gpr = new GPR(c.data(), c.kernel(), c.mean(), c.noise());
    Matrix[] expected = densePosterior(c);
    assertMarginals(expected, gpr.predictF(c.xNew()), 1e-9, "GPR");

    // One log density per test point, summed over the output columns.
    Matrix ld = gpr.predictLogDensity(c.xNew(), c.yNew());
    assertEquals(1, ld.cols());
    for (int i = 0; i < ld.rows(); i++) {
      double s = expected[1].get(i, 0) + c.noise();
      double sum = 0;
      for (int j = 0; j < c.yNew().cols(); j++) {
        double e = c.yNew().get(i, j) - expected[0].get(i, j);
        sum += -0.5 * Math.log(2 * Math.PI * s) - 0.5 * e * e / s;
      }
      assertEquals(sum, ld.get(i, 0), 1e-9, "log density of point " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sgprWithInducingPointsAtTheDataPredictsAsGpr(long seed) {
    Case c = randomCase(seed);
    RandomCases rc = new RandomCases(seed);
    // Distinct inputs keep Kuu well conditioned, so the tiny jitter changes little.
    Dataset data = new Dataset(Problems.spreadPoints(rc, c.data().size(), c.data().inputDim(), 0.3), c.data().y());
    Case spread = new Case(data, c.kernel(), c.mean(), c.meanMatrix(), c.noise(), c.xNew(), c.yNew());
    SGPR sgpr = new SGPR(data, c.kernel(), new InducingPoints(data.x().copy()), c.mean(), c.noise())
        .setJitter(JitterPolicy.NONE_FIRST);
    assertMarginals(densePosterior(spread), sgpr.predictF(c.xNew()), 1e-6, "SGPR with Z = X");
  }
}
