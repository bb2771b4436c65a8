package bms.dgp.natgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.testing.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The step formulas against their definitions, built densely here from (m, S) with explicit
 * inverses: the natural step is theta' = theta + gamma dL/d eta, the expectation step is
 * eta' = eta + gamma J dL/d eta with the Jacobian J = d eta / d theta taken by central
 * differences of the map theta -> eta, and dL/d eta is the gradient of a random smooth function
 * of (m, S) read through the Cholesky factor.
 */
class GaussianNaturalStepTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(40);
  }

  /** A random problem: m, R (lower, positive diagonal), dL/dm, and dL/dR on the lower triangle of 2 G R. */
  private record Case(int n, Matrix m, Matrix r, Matrix gm, Matrix g, Matrix gr) {
    Matrix s() {
      return Dense.mul(r, Dense.t(r));
    }
  }

  private static Case randomCase(RandomCases rc, double gScale) {
    int n = rc.dim(1, 6);
    Matrix m = rc.matrix(n, 1);
    Matrix r = rc.lowerTriangular(n);
    Matrix gm = Dense.scale(rc.matrix(n, 1), 0.1);
    // A symmetric dL/dS, mostly negative definite as for a concave bound, so the steps stay valid.
    Matrix a = Dense.scale(rc.matrix(n, n), gScale);
    Matrix b = Dense.scale(rc.matrix(n, n), gScale);
    Matrix g = Dense.sub(Dense.scale(Dense.add(a, Dense.t(a)), 0.05), Dense.mul(b, Dense.t(b)));
    Matrix gr = Dense.scale(Dense.mul(g, r), 2.0);
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) gr.set(i, j, 1e3 * rc.rng().nextGaussian());
    return new Case(n, m, r, gm, g, gr);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void expectationGradientIsRecoveredFromTheLowerTriangleOfDLdR(long seed) {
    Case c = randomCase(new RandomCases(seed), 0.3);
    double[][] ge = GaussianNaturalStep.expectationGradient(c.m().data(), c.r().data(), c.gm().data(), c.gr().data());
    Matrix gS = Matrix.wrap(c.n(), c.n(), ge[1]);
    assertEquals(0, c.g().maxAbsDiff(gS), 1e-10, "dL/dS");
    Matrix g1 = Dense.sub(c.gm(), Dense.scale(Dense.mul(c.g(), c.m()), 2.0));
    assertEquals(0, g1.maxAbsDiff(Matrix.column(ge[0])), 1e-10, "dL/d eta_1");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void naturalStepAddsGammaTimesTheExpectationGradientToTheNaturalParameters(long seed) {
    RandomCases rc = new RandomCases(seed);
    Case c = randomCase(rc, 0.05);
    double gamma = 0.05 + 0.9 * rc.rng().nextDouble();
    GaussianNaturalStep.Full s = GaussianNaturalStep.full(c.m().data(), c.r().data(), c.gm().data(), c.gr().data(),
        gamma, QParameterisation.NATURAL);
    assertNotNull(s);
    Matrix rNew = Matrix.wrap(c.n(), c.n(), s.sqrt());
    Matrix precisionNew = Dense.inverse(Dense.mul(rNew, Dense.t(rNew)));
    Matrix precision = Dense.inverse(c.s());
    Matrix expected = Dense.sub(precision, Dense.scale(c.g(), 2 * gamma));
    assertEquals(0, expected.maxAbsDiff(precisionNew), 1e-9 * (1 + expected.maxAbs()), "S'^-1");
    Matrix g1 = Dense.sub(c.gm(), Dense.scale(Dense.mul(c.g(), c.m()), 2.0));
    Matrix theta1 = Dense.add(Dense.mul(precision, c.m()), Dense.scale(g1, gamma));
    Matrix theta1New = Dense.mul(precisionNew, Matrix.column(s.mean()));
    assertEquals(0, theta1.maxAbsDiff(theta1New), 1e-9 * (1 + theta1.maxAbs()), "S'^-1 m'");
    for (int i = 0; i < c.n(); i++) for (int j = i + 1; j < c.n(); j++) assertEquals(0.0, rNew.get(i, j), "R' upper");
  }

  /** eta(theta) = (m, S + m m^T) with S = -theta2^-1 / 2, m = S theta1. */
  private static Matrix[] eta(Matrix theta1, Matrix theta2) {
    Matrix s = Dense.scale(Dense.inverse(theta2), -0.5);
    Matrix m = Dense.mul(s, theta1);
    return new Matrix[] {m, Dense.add(s, Dense.mul(m, Dense.t(m)))};
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void expectationStepMovesTheExpectationParametersAlongTheNaturalGradient(long seed) {
    RandomCases rc = new RandomCases(seed);
    Case c = randomCase(rc, 0.05);
    double gamma = 0.01 + 0.3 * rc.rng().nextDouble();
    Matrix g1 = Dense.sub(c.gm(), Dense.scale(Dense.mul(c.g(), c.m()), 2.0));
    Matrix precision = Dense.inverse(c.s());
    Matrix theta1 = Dense.mul(precision, c.m());
    Matrix theta2 = Dense.scale(precision, -0.5);
    double h = 1e-5;
    Matrix[] plus = eta(Dense.add(theta1, Dense.scale(g1, h)), Dense.add(theta2, Dense.scale(c.g(), h)));
    Matrix[] minus = eta(Dense.sub(theta1, Dense.scale(g1, h)), Dense.sub(theta2, Dense.scale(c.g(), h)));
    Matrix dEta1 = Dense.scale(Dense.sub(plus[0], minus[0]), 0.5 / h);
    Matrix dEta2 = Dense.scale(Dense.sub(plus[1], minus[1]), 0.5 / h);

    GaussianNaturalStep.Full s = GaussianNaturalStep.full(c.m().data(), c.r().data(), c.gm().data(), c.gr().data(),
        gamma, QParameterisation.EXPECTATION);
    assertNotNull(s);
    Matrix mNew = Matrix.column(s.mean());
    Matrix rNew = Matrix.wrap(c.n(), c.n(), s.sqrt());
    Matrix eta2New = Dense.add(Dense.mul(rNew, Dense.t(rNew)), Dense.mul(mNew, Dense.t(mNew)));
    Matrix eta2 = Dense.add(c.s(), Dense.mul(c.m(), Dense.t(c.m())));
    Matrix want1 = Dense.add(c.m(), Dense.scale(dEta1, gamma));
    Matrix want2 = Dense.add(eta2, Dense.scale(dEta2, gamma));
    assertEquals(0, want1.maxAbsDiff(mNew), 1e-6 * (1 + want1.maxAbs()), "m'");
    assertEquals(0, want2.maxAbsDiff(eta2New), 1e-6 * (1 + want2.maxAbs()), "S' + m'm'^T");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void meanFieldStepsAreTheFullStepsOnDiagonalMatrices(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 6);
    double[] m = rc.matrix(n, 1).data();
    double[] r = rc.positive(n, 1, 0.3, 2).data();
    double[] gm = Dense.scale(rc.matrix(n, 1), 0.1).data();
    double[] gr = Dense.scale(rc.matrix(n, 1), 0.1).data();
    double gamma = 0.05 + 0.5 * rc.rng().nextDouble();
    double[] rFull = new double[n * n];
    double[] grFull = new double[n * n];
    for (int i = 0; i < n; i++) {
      rFull[i * n + i] = r[i];
      grFull[i * n + i] = gr[i];
    }
    for (QParameterisation how : QParameterisation.values()) {
      double[][] d = GaussianNaturalStep.diagonal(m, r, gm, gr, gamma, how);
      GaussianNaturalStep.Full f = GaussianNaturalStep.full(m, rFull, gm, grFull, gamma, how);
      assertNotNull(d);
      if (how == QParameterisation.EXPECTATION) {
        // The full step adds the off-diagonal rank-one part -gamma^2 (S g_m)(S g_m)^T, which the
        // mean-field family drops: the means and the variances (diagonal of S') agree.
        for (int i = 0; i < n; i++) {
          double var = 0;
          for (int j = 0; j < n; j++) var += f.sqrt()[i * n + j] * f.sqrt()[i * n + j];
          assertEquals(f.mean()[i], d[0][i], 1e-12 * (1 + Math.abs(d[0][i])), how + " mean");
          assertEquals(var, d[1][i] * d[1][i], 1e-12 * var, how + " variance");
        }
        continue;
      }
      for (int i = 0; i < n; i++) {
        assertEquals(f.mean()[i], d[0][i], 1e-12 * (1 + Math.abs(d[0][i])), how + " mean");
        assertEquals(Math.abs(f.sqrt()[i * n + i]), d[1][i], 1e-12 * d[1][i], how + " sqrt");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aStepThatWouldLeaveTheCovarianceIndefiniteIsRefused(long seed) {
    RandomCases rc = new RandomCases(seed);
    Case c = randomCase(rc, 0.05);
    // dL/dS = +big I: S'^-1 = S^-1 - 2 gamma G is indefinite for gamma = 1 (dL/dR = 2 G R).
    double[] gr = Dense.scale(c.r(), 2e6).data();
    assertNull(GaussianNaturalStep.full(c.m().data(), c.r().data(), c.gm().data(), gr, 1.0,
        QParameterisation.NATURAL));
    double[] grDiag = new double[c.n()];
    double[] rDiag = new double[c.n()];
    for (int i = 0; i < c.n(); i++) {
      rDiag[i] = 1.0;
      grDiag[i] = 2e6;
    }
    assertNull(GaussianNaturalStep.diagonal(c.m().data(), rDiag, c.gm().data(), grDiag, 1.0,
        QParameterisation.NATURAL));
  }
}
