package bms.dgp.conditionals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.kl.GaussianKL;
import bms.dgp.testing.Dense;
import bms.dgp.testing.InputGradCheck;
import bms.dgp.variational.QForm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conditional and the KL against the textbook dense formulas, for one and several latent
 * GPs, full and diagonal q_sqrt, whitened and not; and their gradients by finite differences.
 */
class ConditionalsTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** A random problem: Kmm, Kmn, Knn from one SE kernel on random points, and a random q. */
  private record Case(Matrix kmm, Matrix kmn, Matrix knn, Matrix qMu, Matrix qSqrt, QForm form, boolean whiten) {}

  private static Case randomCase(RandomCases rc) {
    return randomCase(rc, rc.dim(1, 5), rc.dim(1, 6));
  }

  private static Case randomCase(RandomCases rc, int m, int n) {
    int k = rc.dim(1, 3), d = rc.dim(1, 2);
    Matrix z = rc.uniform(m, d, -2, 2);
    for (int i = 0; i < m; i++) z.set(i, 0, -2 + 4.0 * i / Math.max(1, m - 1) + 0.1 * rc.rng().nextDouble());
    Matrix x = rc.uniform(n, d, -2, 2);
    Matrix l = Matrix.filled(1, 1, 0.8);
    double v = 1.3;
    Matrix kmm = Dense.addDiagonal(Dense.rbf(z, z, v, l), 1e-3);
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    Matrix qSqrt;
    if (form == QForm.FULL) {
      qSqrt = new Matrix(k * m, m);
      for (int b = 0; b < k; b++) {
        Matrix lt = rc.lowerTriangular(m);
        System.arraycopy(lt.data(), 0, qSqrt.data(), b * m * m, m * m);
      }
    } else {
      qSqrt = rc.uniform(m, k, 0.3, 1.5);
    }
    return new Case(kmm, Dense.rbf(z, x, v, l), Dense.rbf(x, x, v, l), rc.matrix(m, k), qSqrt, form,
        rc.rng().nextBoolean());
  }

  private static Matrix s(Case c, int k) {
    int m = c.kmm().rows();
    if (c.form() == QForm.FULL) {
      Matrix r = Dense.block(c.qSqrt(), k);
      return Dense.mul(r, Dense.t(r));
    }
    Matrix s = new Matrix(m, m);
    for (int i = 0; i < m; i++) s.set(i, i, Math.pow(c.qSqrt().get(i, k), 2));
    return s;
  }

  private static Matrix diagColumn(Matrix a) {
    Matrix d = new Matrix(a.rows(), 1);
    for (int i = 0; i < a.rows(); i++) d.data()[i] = a.get(i, i);
    return d;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void marginalsMatchTheDenseFormula(long seed) {
    checkMarginals(randomCase(new RandomCases(seed)));
  }

  /**
   * The full form has two exact variance computations, chosen by shape (the Gram form for large
   * minibatches, the projected one when 3 N < 4 M): both against the dense formula.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void marginalsMatchOnBothSidesOfTheFormChoice(long seed) {
    RandomCases rc = new RandomCases(seed);
    int small = rc.dim(1, 3), large = rc.dim(8, 12);
    assertTrue(Conditionals.projectedIsCheaper(large, small) && !Conditionals.projectedIsCheaper(small, large));
    checkMarginals(randomCase(rc, large, small));
    checkMarginals(randomCase(rc, small, large));
  }

  private static void checkMarginals(Case c) {
    Marginals f = Conditionals.marginals(Var.constant(c.kmn()), Var.constant(c.kmm()), Var.constant(diagColumn(c.knn())),
        Var.constant(c.qMu()), Var.constant(c.qSqrt()), c.form(), c.whiten(), JitterPolicy.NONE_FIRST);
    Matrix kinv = Dense.inverse(c.kmm());
    Matrix lu = Dense.chol(c.kmm());
    // Whitened u = Lu v: q(u) = N(Lu m, Lu S Lu^T).
    Matrix map = c.whiten() ? Dense.t(Dense.inverse(lu)) : kinv; // Kmm^-1 Lu = Lu^-T
    Matrix q = Dense.mul(Dense.t(c.kmn()), Dense.mul(kinv, c.kmn()));
    int n = c.kmn().cols();
    for (int k = 0; k < c.qMu().cols(); k++) {
      Matrix proj = Dense.mul(Dense.t(c.kmn()), map); // N x M
      Matrix mean = Dense.mul(proj, Dense.col(c.qMu(), k));
      Matrix cov = Dense.add(Dense.sub(c.knn(), q), Dense.mul(proj, Dense.mul(s(c, k), Dense.t(proj))));
      for (int i = 0; i < n; i++) {
        double em = mean.get(i, 0), ev = cov.get(i, i);
        double am = f.mean().value().get(i, k), av = f.variance().value().get(i, k);
        assertTrue(Math.abs(em - am) <= 1e-9 * (1 + Math.abs(em)), "mean(" + i + "," + k + "): " + am + " vs " + em);
        assertTrue(Math.abs(ev - av) <= 1e-9 * (1 + Math.abs(ev)), "var(" + i + "," + k + "): " + av + " vs " + ev);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void klMatchesTheDenseFormula(long seed) {
    Case c = randomCase(new RandomCases(seed));
    int m = c.kmm().rows();
    Matrix prior = c.whiten() ? Matrix.identity(m) : c.kmm();
    Matrix pinv = Dense.inverse(prior);
    double expected = 0;
    for (int k = 0; k < c.qMu().cols(); k++) {
      Matrix s = s(c, k);
      Matrix mu = Dense.col(c.qMu(), k);
      expected += 0.5 * (Dense.trace(Dense.mul(pinv, s)) + Dense.mul(Dense.t(mu), Dense.mul(pinv, mu)).scalarValue() - m
          + Dense.logDet(prior) - Dense.logDet(s));
    }
    Var mu = Var.constant(c.qMu());
    Var sq = Var.constant(c.qSqrt());
    double actual = c.whiten()
        ? GaussianKL.whitened(mu, sq, c.form()).scalar()
        : GaussianKL.unwhitened(mu, sq, c.form(), Var.constant(Dense.chol(c.kmm()))).scalar();
    assertTrue(Math.abs(expected - actual) <= 1e-8 * (1 + Math.abs(expected)), "KL " + actual + " vs " + expected);
    assertTrue(actual >= -1e-10, "KL must be non-negative, got " + actual);
  }

  /** Kmm = B B^T + 0.5 I keeps the finite differences on symmetric positive definite matrices. */
  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsOfMarginalsAndKl(long seed) {
    RandomCases rc = new RandomCases(seed);
    checkGradients(seed, rc, randomCase(rc));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsOnBothSidesOfTheFormChoice(long seed) {
    RandomCases rc = new RandomCases(seed);
    int small = rc.dim(1, 3), large = rc.dim(8, 10);
    checkGradients(seed, rc, randomCase(rc, large, small));
    checkGradients(seed, rc, randomCase(rc, small, large));
  }

  private static void checkGradients(long seed, RandomCases rc, Case c) {
    int m = c.kmm().rows();
    Matrix b = rc.matrix(m, m);
    Matrix mask = c.form() == QForm.FULL ? lowerMask(c.qSqrt()) : Matrix.ones(m, c.qMu().cols());
    InputGradCheck.check(seed, 1e-6, 1e-5, in -> {
      Var kmm = in.get(1).matmult(in.get(1)).add(Var.constant(Dense.scale(Matrix.identity(m), 0.5)));
      Var sq = in.get(4).mul(Var.constant(mask));
      Marginals f = Conditionals.marginals(in.get(0), kmm, in.get(2), in.get(3), sq, c.form(), c.whiten(),
          JitterPolicy.NONE_FIRST);
      Var kl = c.whiten()
          ? GaussianKL.whitened(in.get(3), sq, c.form())
          : GaussianKL.unwhitened(in.get(3), sq, c.form(), kmm.cholesky(JitterPolicy.NONE_FIRST, "Kmm"));
      return Var.concatCols(f.mean(), f.variance()).add(kl);
    }, c.kmn(), b, diagColumn(c.knn()), c.qMu(), c.qSqrt());
  }

  private static Matrix lowerMask(Matrix stacked) {
    int m = stacked.cols();
    Matrix mask = new Matrix(stacked.rows(), m);
    for (int r = 0; r < stacked.rows(); r++) for (int j = 0; j <= r % m; j++) mask.set(r, j, 1.0);
    return mask;
  }
}
