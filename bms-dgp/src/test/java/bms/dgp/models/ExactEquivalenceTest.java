package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.dgp.testing.Problems;
import bms.dgp.variational.QForm;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sparse bounds against the exact marginal likelihood: SVGP at its optimal q(u) (closed
 * form for a Gaussian likelihood) equals SGPR for any Z, and both equal GPR when Z = X; for Z a
 * strict subset of X every bound lies below the exact value.
 */
class ExactEquivalenceTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** GPR log marginal likelihood computed densely in the test, as an independent reference. */
  private static double denseLogMarginal(Dataset data, SquaredExponential k, double noise) {
    Matrix kxx = Dense.rbf(data.x(), data.x(), k.variance().scalar(), k.lengthscales().value());
    Matrix ky = Dense.addDiagonal(kxx, noise);
    Matrix inv = Dense.inverse(ky);
    int n = data.size(), p = data.y().cols();
    double quad = 0;
    for (int j = 0; j < p; j++) {
      Matrix y = Dense.col(data.y(), j);
      quad += Dense.mul(Dense.t(y), Dense.mul(inv, y)).scalarValue();
    }
    return -0.5 * quad - 0.5 * p * Dense.logDet(ky) - 0.5 * n * p * Math.log(2 * Math.PI);
  }

  /**
   * Sets q(u) of a Gaussian-likelihood SVGP to its optimum. Whitened, with A = Lu^-1 Kuf:
   * S = (I + A A^T / s2)^-1, m = S A y / s2 (the posterior of v under y = A^T v + e);
   * unwhitened, m_u = Lu m and R_u = Lu chol(S).
   */
  static void setOptimalQ(SVGP model, Dataset data, SquaredExponential k, Matrix z, double noise, boolean whiten) {
    Matrix kuu = Dense.rbf(z, z, k.variance().scalar(), k.lengthscales().value());
    Matrix lu = Dense.chol(kuu);
    Matrix a = Dense.mul(Dense.inverse(lu), Dense.rbf(z, data.x(), k.variance().scalar(), k.lengthscales().value()));
    int m = z.rows();
    int p = data.y().cols();
    Matrix s = Dense.inverse(Dense.addDiagonal(Dense.scale(Dense.mul(a, Dense.t(a)), 1 / noise), 1.0));
    Matrix mu = Dense.scale(Dense.mul(s, Dense.mul(a, data.y())), 1 / noise);
    Matrix r = Dense.chol(s);
    if (!whiten) {
      mu = Dense.mul(lu, mu);
      r = Dense.mul(lu, r);
      for (int i = 0; i < m; i++) for (int j = i + 1; j < m; j++) r.set(i, j, 0.0);
    }
    Matrix stacked = new Matrix(p * m, m);
    for (int b = 0; b < p; b++) System.arraycopy(r.data(), 0, stacked.data(), b * m * m, m * m);
    model.layer().q().assign(mu, stacked);
  }

  private static double svgpElbo(SVGP model, Dataset data) {
    return model.expectedLogLikelihood(data.x(), data.y(), new RandomStream(1)).sub(model.priorKL()).scalar();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void svgpAtOptimalQWithZEqualXIsTheExactMarginalLikelihood(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(4, 9), d = rc.dim(1, 3), p = rc.dim(1, 2);
    Dataset data = Problems.regression(rc, n, d, p);
    SquaredExponential k = Problems.kernel(rc, d);
    double noise = 0.05 + 0.4 * rc.rng().nextDouble();
    boolean whiten = rc.rng().nextBoolean();

    GPR gpr = new GPR(data, k, noise);
    double exact = gpr.logMarginalLikelihood().scalar();
    assertEquals(denseLogMarginal(data, k, noise), exact, 1e-9 * Math.abs(exact), "GPR vs dense reference");

    SVGP svgp = new SVGP(k, new Gaussian(noise), new InducingPoints(data.x().copy()), new Zero(), p, QForm.FULL, whiten)
        .setJitter(JitterPolicy.NONE_FIRST);
    setOptimalQ(svgp, data, k, data.x(), noise, whiten);
    double elbo = svgpElbo(svgp, data);
    assertEquals(exact, elbo, 1e-8 * Math.abs(exact), "SVGP(Z = X, optimal q) vs GPR, whiten=" + whiten);

    SGPR sgpr = new SGPR(data, k, new InducingPoints(data.x().copy()), noise).setJitter(JitterPolicy.NONE_FIRST);
    assertEquals(exact, sgpr.elbo().scalar(), 1e-8 * Math.abs(exact), "SGPR(Z = X) vs GPR");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void boundsLieBelowTheExactValueForZASubsetOfX(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(5, 10), d = rc.dim(1, 3), p = rc.dim(1, 2);
    int m = rc.dim(1, n - 2);
    Dataset data = Problems.regression(rc, n, d, p);
    SquaredExponential k = Problems.kernel(rc, d);
    double noise = 0.05 + 0.4 * rc.rng().nextDouble();
    Matrix z = Problems.firstRows(data.x(), m);
    boolean whiten = rc.rng().nextBoolean();

    double exact = new GPR(data, k, noise).logMarginalLikelihood().scalar();
    double collapsed = new SGPR(data, k, new InducingPoints(z.copy()), noise).setJitter(JitterPolicy.NONE_FIRST)
        .elbo().scalar();
    assertTrue(collapsed < exact, "SGPR " + collapsed + " must lie below GPR " + exact);

    SVGP svgp = new SVGP(k, new Gaussian(noise), new InducingPoints(z.copy()), new Zero(), p, QForm.FULL, whiten)
        .setJitter(JitterPolicy.NONE_FIRST);
    setOptimalQ(svgp, data, k, z, noise, whiten);
    double optimal = svgpElbo(svgp, data);
    // The collapsed bound is the uncollapsed one maximised over q(u) (Titsias 2009).
    assertEquals(collapsed, optimal, 1e-8 * Math.abs(collapsed), "SVGP at optimal q vs SGPR");

    // Any other q gives less; a diagonal q (mean-field) cannot do better than the optimum either.
    Matrix muPerturbed = svgp.layer().q().qMu().value();
    muPerturbed.data()[0] += 0.3;
    svgp.layer().q().qMu().assign(muPerturbed);
    assertTrue(svgpElbo(svgp, data) < optimal, "a perturbed q must give a smaller ELBO");
    SVGP diag = new SVGP(k, new Gaussian(noise), new InducingPoints(z.copy()), new Zero(), p, QForm.DIAGONAL, whiten)
        .setJitter(JitterPolicy.NONE_FIRST);
    assertTrue(svgpElbo(diag, data) < collapsed, "diagonal-q SVGP at the prior must lie below SGPR");
  }

  /**
   * Predictions: GPR against the dense posterior; SGPR with Z = X against GPR; SVGP at its
   * optimal q against SGPR for any Z (both are the same approximate posterior).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void predictionsAgree(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(4, 9), d = rc.dim(1, 3), p = rc.dim(1, 2);
    Dataset data = Problems.regression(rc, n, d, p);
    SquaredExponential k = Problems.kernel(rc, d);
    double noise = 0.05 + 0.4 * rc.rng().nextDouble();
    Matrix xs = rc.uniform(rc.dim(1, 5), d, -3, 3);

    GPR gpr = new GPR(data, k, noise);
    bms.dgp.conditionals.Marginals exact = gpr.predictF(xs);
    double v = k.variance().scalar();
    Matrix l = k.lengthscales().value();
    Matrix kInv = Dense.inverse(Dense.addDiagonal(Dense.rbf(data.x(), data.x(), v, l), noise));
    Matrix ksx = Dense.rbf(xs, data.x(), v, l);
    Matrix mean = Dense.mul(ksx, Dense.mul(kInv, data.y()));
    Matrix cov = Dense.sub(Dense.rbf(xs, xs, v, l), Dense.mul(ksx, Dense.mul(kInv, Dense.t(ksx))));
    for (int i = 0; i < xs.rows(); i++) {
      for (int j = 0; j < p; j++) {
        assertEquals(mean.get(i, j), exact.mean().value().get(i, j), 1e-9, "GPR mean");
        assertEquals(cov.get(i, i), exact.variance().value().get(i, j), 1e-9, "GPR variance");
      }
    }
    SGPR full = new SGPR(data, k, new InducingPoints(data.x().copy()), noise).setJitter(JitterPolicy.NONE_FIRST);
    bms.dgp.conditionals.Marginals f = full.predictF(xs);
    assertTrue(f.mean().value().maxAbsDiff(exact.mean().value()) < 1e-8, "SGPR(Z = X) mean vs GPR");
    assertTrue(f.variance().value().maxAbsDiff(exact.variance().value()) < 1e-8, "SGPR(Z = X) variance vs GPR");

    int m = rc.dim(1, n);
    Matrix z = Problems.firstRows(data.x(), m);
    boolean whiten = rc.rng().nextBoolean();
    SGPR sgpr = new SGPR(data, k, new InducingPoints(z.copy()), noise).setJitter(JitterPolicy.NONE_FIRST);
    SVGP svgp = new SVGP(k, new Gaussian(noise), new InducingPoints(z.copy()), new Zero(), p, QForm.FULL, whiten)
        .setJitter(JitterPolicy.NONE_FIRST);
    setOptimalQ(svgp, data, k, z, noise, whiten);
    bms.dgp.conditionals.Marginals a = sgpr.predictF(xs), b = svgp.predictF(xs);
    assertTrue(a.mean().value().maxAbsDiff(b.mean().value()) < 1e-8, "SVGP(optimal q) mean vs SGPR");
    assertTrue(a.variance().value().maxAbsDiff(b.variance().value()) < 1e-8, "SVGP(optimal q) variance vs SGPR");
    Matrix ys = rc.matrix(xs.rows(), p);
    assertTrue(sgpr.predictLogDensity(xs, ys).maxAbsDiff(svgp.predictLogDensity(xs, ys, null)) < 1e-8,
        "predictive log densities");
  }
}
