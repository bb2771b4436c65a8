package bms.dgp.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.dgp.testing.Problems;
import bms.kernels.Kernel;
import bms.kernels.Matern12;
import bms.kernels.Matern32;
import bms.kernels.Matern52;
import bms.kernels.RationalQuadratic;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prequential sums equal the closed-form evidence for every order: GPR's exact log marginal
 * likelihood, the Nystrom (DTC) evidence that SGPR's collapsed bound is built on, and a Bayesian
 * linear model's; each one-step-ahead term is the dense Gaussian conditional.
 */
class PrequentialTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(40);
  }

  /** One of five stationary kernels, chosen by the case, with random moderate hyperparameters. */
  static Kernel kernel(RandomCases rc, int d) {
    double v = 0.5 + 1.5 * rc.rng().nextDouble();
    Matrix l = rc.uniform(1, d, 0.6, 1.5);
    return switch (rc.rng().nextInt(5)) {
      case 0 -> new SquaredExponential(v, l);
      case 1 -> new Matern52(v, l);
      case 2 -> new Matern32(v, l);
      case 3 -> new Matern12(v, l);
      default -> new RationalQuadratic(v, l, 0.5 + rc.rng().nextDouble());
    };
  }

  static MeanFunction mean(RandomCases rc, int d, int p) {
    return rc.rng().nextBoolean() ? new Zero() : new Linear(rc.matrix(d, p), rc.matrix(1, p));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gprPrequentialSumIsTheExactLogMarginalLikelihoodForAnyOrder(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 30), d = rc.dim(1, 3), p = rc.dim(1, 2);
    Dataset data = Problems.regression(rc, n, d, p);
    GPR gpr = new GPR(data, kernel(rc, d), mean(rc, d, p), 0.01 + 0.5 * rc.rng().nextDouble());
    double exact = gpr.logMarginalLikelihood().scalar();
    RandomStream orders = new RandomStream(seed);
    for (int trial = 0; trial < 4; trial++) {
      int[] order = trial == 0 ? Orders.identity(n) : Orders.random(n, orders);
      PrequentialEvidence e = Prequential.gpr(gpr, order);
      assertEquals(exact, e.total(), 1e-9, "order " + java.util.Arrays.toString(order));
    }
  }

  /** Each term is log N(y_i | K_ie (K_ee + s2 I)^-1 r_e, k_ii + s2 - K_ie (K_ee + s2 I)^-1 K_ei), built densely. */
  @ParameterizedTest
  @MethodSource("seeds")
  void gprTermsAreTheDenseOneStepAheadPredictions(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 10), d = rc.dim(1, 2);
    Dataset data = Problems.regression(rc, n, d, 1);
    SquaredExponential k = Problems.kernel(rc, d);
    double s2 = 0.05 + 0.3 * rc.rng().nextDouble();
    GPR gpr = new GPR(data, k, s2);
    int[] order = Orders.random(n, new RandomStream(seed));
    double[] terms = Prequential.gpr(gpr, order).terms();
    Matrix kxx = Dense.rbf(data.x(), data.x(), k.variance().scalar(), k.lengthscales().value());
    for (int t = 0; t < n; t++) {
      int i = order[t];
      double mean = 0;
      double var = kxx.get(i, i) + s2;
      if (t > 0) {
        Matrix kee = new Matrix(t, t);
        Matrix kei = new Matrix(t, 1);
        Matrix ye = new Matrix(t, 1);
        for (int a = 0; a < t; a++) {
          for (int b = 0; b < t; b++) kee.set(a, b, kxx.get(order[a], order[b]));
          kei.set(a, 0, kxx.get(order[a], i));
          ye.set(a, 0, data.y().get(order[a], 0));
        }
        Matrix inv = Dense.inverse(Dense.addDiagonal(kee, s2));
        mean = Dense.mul(Dense.t(kei), Dense.mul(inv, ye)).scalarValue();
        var -= Dense.mul(Dense.t(kei), Dense.mul(inv, kei)).scalarValue();
      }
      double r = data.y().get(i, 0) - mean;
      assertEquals(-0.5 * Math.log(2 * Math.PI * var) - 0.5 * r * r / var, terms[t], 1e-9, "term " + t);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sgprBoundIsTheNystromPrequentialSumMinusTheTraceTerm(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(3, 30), d = rc.dim(1, 3), p = rc.dim(1, 2), m = rc.dim(1, Math.min(n, 8));
    Dataset data = Problems.regression(rc, n, d, p);
    Matrix z = Problems.spreadPoints(rc, m, d, 0.5);
    SGPR sgpr = new SGPR(data, kernel(rc, d), new InducingPoints(z), mean(rc, d, p),
        0.01 + 0.5 * rc.rng().nextDouble());
    double bound = sgpr.elbo().scalar();
    double trace = Prequential.sgprTraceTerm(sgpr);
    assertTrue(trace >= -1e-9, "tr(Kff - Qff) >= 0, got " + trace);
    RandomStream orders = new RandomStream(seed);
    for (int trial = 0; trial < 3; trial++) {
      PrequentialEvidence e = Prequential.nystrom(sgpr, Orders.random(n, orders));
      assertEquals(bound, e.total() - trace, 1e-9);
    }
  }

  /** The Nystrom evidence against log N(y | m, Qff + s2 I) formed densely. */
  @ParameterizedTest
  @MethodSource("seeds")
  void nystromPrequentialSumIsTheDenseDtcEvidence(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(3, 20), d = rc.dim(1, 2), m = rc.dim(1, 6);
    Dataset data = Problems.regression(rc, n, d, 1);
    SquaredExponential k = Problems.kernel(rc, d);
    Matrix z = Problems.spreadPoints(rc, m, d, 0.5);
    double s2 = 0.05 + 0.3 * rc.rng().nextDouble();
    SGPR sgpr = new SGPR(data, k, new InducingPoints(z), s2);
    Matrix kuu = Dense.addDiagonal(Dense.rbf(z, z, k.variance().scalar(), k.lengthscales().value()),
        1e-6 * k.variance().scalar()); // the jitter SGPR's default policy adds: 1e-6 x mean diagonal
    Matrix kuf = Dense.rbf(z, data.x(), k.variance().scalar(), k.lengthscales().value());
    Matrix qff = Dense.mul(Dense.t(kuf), Dense.mul(Dense.inverse(kuu), kuf));
    double dense = denseGaussianLogDensity(data.y(), Dense.addDiagonal(qff, s2));
    assertEquals(dense, Prequential.nystrom(sgpr, Orders.random(n, new RandomStream(seed))).total(), 1e-8);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void linearModelPrequentialSumIsItsClosedFormAndTheDenseEvidence(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 25), f = rc.dim(1, 8), p = rc.dim(1, 2);
    Matrix phi = rc.matrix(n, f);
    Matrix y = rc.matrix(n, p);
    double a = 0.2 + 2 * rc.rng().nextDouble(), s2 = 0.05 + rc.rng().nextDouble();
    BayesianLinearModel blr = new BayesianLinearModel(phi, y, a, s2);
    Matrix cov = Dense.addDiagonal(Dense.scale(Dense.mul(phi, Dense.t(phi)), a), s2);
    double dense = denseGaussianLogDensity(y, cov);
    assertEquals(dense, blr.logMarginalLikelihood(), 1e-9);
    RandomStream orders = new RandomStream(seed);
    for (int trial = 0; trial < 3; trial++) {
      int[] order = Orders.random(n, orders);
      assertEquals(dense, blr.prequential(order).total(), 1e-9);
      double[] lower = blr.expectedLogLikelihoodTerms(order);
      double[] terms = blr.prequential(order).terms();
      for (int t = 0; t < n; t++) {
        assertTrue(lower[t] <= terms[t] + 1e-12, "Jensen: term " + t + " " + lower[t] + " > " + terms[t]);
      }
    }
  }

  /** Predicting new points is conditioning the joint Gaussian: log p(y*, y) - log p(y) for one new point. */
  @ParameterizedTest
  @MethodSource("seeds")
  void linearModelPredictionsAreTheJointGaussiansConditionals(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 15), f = rc.dim(1, 6), p = rc.dim(1, 2), m = rc.dim(1, 4);
    Matrix phi = rc.matrix(n + m, f);
    Matrix y = rc.matrix(n + m, p);
    double a = 0.2 + 2 * rc.rng().nextDouble(), s2 = 0.05 + rc.rng().nextDouble();
    Matrix phiTrain = Problems.firstRows(phi, n);
    Matrix yTrain = Problems.firstRows(y, n);
    BayesianLinearModel blr = new BayesianLinearModel(phiTrain, yTrain, a, s2);
    Matrix phiNew = new Matrix(m, f);
    Matrix yNew = new Matrix(m, p);
    System.arraycopy(phi.data(), n * f, phiNew.data(), 0, m * f);
    System.arraycopy(y.data(), n * p, yNew.data(), 0, m * p);
    Matrix ld = blr.predictiveLogDensity(phiNew, yNew);
    double base = blr.logMarginalLikelihood();
    for (int j = 0; j < m; j++) {
      Matrix phiJ = new Matrix(n + 1, f);
      Matrix yJ = new Matrix(n + 1, p);
      System.arraycopy(phiTrain.data(), 0, phiJ.data(), 0, n * f);
      System.arraycopy(yTrain.data(), 0, yJ.data(), 0, n * p);
      System.arraycopy(phiNew.data(), j * f, phiJ.data(), n * f, f);
      System.arraycopy(yNew.data(), j * p, yJ.data(), n * p, p);
      double joint = new BayesianLinearModel(phiJ, yJ, a, s2).logMarginalLikelihood();
      assertEquals(joint - base, ld.get(j, 0), 1e-9, "new point " + j);
    }
  }

  /** sum over columns of log N(y_c | 0, cov). */
  static double denseGaussianLogDensity(Matrix y, Matrix cov) {
    Matrix inv = Dense.inverse(cov);
    int n = y.rows();
    double s = 0;
    for (int c = 0; c < y.cols(); c++) {
      Matrix col = Dense.col(y, c);
      s += -0.5 * Dense.mul(Dense.t(col), Dense.mul(inv, col)).scalarValue() - 0.5 * Dense.logDet(cov)
          - 0.5 * n * Math.log(2 * Math.PI);
    }
    return s;
  }

  @Test
  void ordersThatAreNotPermutationsAreRefusedByName() {
    RandomCases rc = new RandomCases(3);
    Dataset data = Problems.regression(rc, 4, 1, 1);
    GPR gpr = new GPR(data, new SquaredExponential(1.0, 1.0), 0.1);
    var e1 = assertThrows(IllegalArgumentException.class, () -> Prequential.gpr(gpr, new int[] {0, 1, 2}));
    assertTrue(e1.getMessage().contains("3 indices for 4"), e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> Prequential.gpr(gpr, new int[] {0, 1, 1, 3}));
    assertTrue(e2.getMessage().contains("order[2] = 1 appears twice"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class, () -> Prequential.gpr(gpr, new int[] {0, 1, 2, 4}));
    assertTrue(e3.getMessage().contains("outside 0..3"), e3.getMessage());
  }

  @Test
  void badLinearModelSettingsAreRefused() {
    Matrix phi = Matrix.ones(3, 2);
    Matrix y = Matrix.ones(3, 1);
    assertThrows(IllegalArgumentException.class, () -> new BayesianLinearModel(phi, y, 0.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new BayesianLinearModel(phi, y, 1.0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new BayesianLinearModel(phi, Matrix.ones(2, 1), 1.0, 1.0));
  }
}
