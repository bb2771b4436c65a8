package bms.dgp.natgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.likelihoods.Poisson;
import bms.dgp.likelihoods.StudentT;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.GPLayer;
import bms.dgp.models.SGPR;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.dgp.testing.Problems;
import bms.dgp.variational.QForm;
import bms.dgp.variational.VariationalGaussian;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Natural gradients on models: the conjugate exactness of a unit step (SVGP against SGPR's
 * collapsed bound, a deep GP's last layer against its own gradient), dL/d eta as read from the
 * model against finite differences of the bound in eta, for non-Gaussian likelihoods too, and
 * small steps that increase the bound in both parameterisations.
 */
class NaturalGradientTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  /** A random q: mean N(0, 1), R lower triangular with diagonal in [0.5, 1) (or mean-field). */
  private static void randomQ(VariationalGaussian q, RandomCases rc) {
    int m = q.numInducing(), k = q.numLatent();
    Matrix mu = rc.matrix(m, k);
    Matrix sqrt;
    if (q.form() == QForm.FULL) {
      sqrt = new Matrix(k * m, m);
      for (int b = 0; b < k; b++) {
        Matrix l = Dense.scale(rc.lowerTriangular(m), 0.5);
        System.arraycopy(l.data(), 0, sqrt.data(), b * m * m, m * m);
      }
    } else {
      sqrt = rc.positive(m, k, 0.5, 1.0);
    }
    q.assign(mu, sqrt);
  }

  private static double bound(Elbo elbo) {
    return elbo.evaluate(null, new RandomStream(7)).scalar();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void oneUnitNaturalStepFromAnyQGivesTheCollapsedBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(5, 30), d = rc.dim(1, 3), p = rc.dim(1, 2), m = rc.dim(2, 8);
    Dataset data = Problems.regression(rc, n, d, p);
    SquaredExponential kernel = Problems.kernel(rc, d);
    InducingPoints z = new InducingPoints(Problems.spreadPoints(rc, m, d, 0.5));
    double noise = 0.05 + 0.5 * rc.rng().nextDouble();
    boolean whiten = rc.rng().nextBoolean();
    SVGP svgp = new SVGP(kernel, new Gaussian(noise), z, new Zero(), p, QForm.FULL, whiten);
    randomQ(svgp.layer().q(), rc);
    SGPR sgpr = new SGPR(data, kernel, z, noise);
    Elbo elbo = new Elbo(svgp, data);
    double before = bound(elbo);
    NaturalGradient ng = NaturalGradient.forModel(svgp).stepSize(1.0);
    ng.step(() -> elbo.evaluate(null, new RandomStream(7)), 1);
    double collapsed = sgpr.elbo().scalar();
    assertEquals(collapsed, bound(elbo), 1e-9, "SVGP after one natural step (whiten=" + whiten + ")");
    assertTrue(before <= collapsed + 1e-9, "the collapsed bound is the maximum over q");
    assertEquals(0, ng.halvings());
  }

  private static Likelihood likelihood(int which) {
    return switch (which) {
      case 0 -> new Gaussian(0.3);
      case 1 -> new Bernoulli();
      case 2 -> new Poisson();
      case 3 -> new StudentT(4, 0.5);
      default -> new MultiClass(3);
    };
  }

  private static Dataset targetsFor(int which, Dataset raw) {
    if (which == 4) {
      // Robustmax over 3 classes: one label column, 3 latent GPs
      Matrix labels = new Matrix(raw.size(), 1);
      for (int i = 0; i < raw.size(); i++) labels.set(i, 0, Math.floorMod((int) Math.floor(2 * raw.y().get(i, 0)), 3));
      return new Dataset(raw.x(), labels);
    }
    Matrix y = raw.y().copy();
    for (int i = 0; i < y.size(); i++) {
      double v = y.data()[i];
      y.data()[i] = which == 1 ? (v > 0 ? 1 : 0) : which == 2 ? Math.floor(Math.exp(v)) : v;
    }
    return new Dataset(raw.x(), y);
  }

  /** The gradient of the bound in eta = (m, S + m m^T) that the steps use, for latent b. */
  private static double[][] etaGradient(VariationalGaussian q, Gradients g, int b) {
    int m = q.numInducing();
    Matrix mu = q.qMu().value();
    Matrix gm = g.get(q.qMu().leaf());
    Matrix sqrt = q.qSqrt().value();
    Matrix gs = NaturalGradient.constrainedSqrtGradient(q, g.get(q.qSqrt().leaf()));
    double[] mb = Dense.col(mu, b).data();
    double[] gmb = Dense.col(gm, b).data();
    if (q.form() == QForm.FULL) {
      return GaussianNaturalStep.expectationGradient(mb, Dense.block(sqrt, b).data(), gmb, Dense.block(gs, b).data());
    }
    double[] g1 = new double[m];
    double[] g2 = new double[m * m];
    for (int i = 0; i < m; i++) {
      double r = sqrt.get(i, b);
      double dS = gs.get(i, b) / (2 * r);
      g2[i * m + i] = dS;
      g1[i] = gmb[i] - 2 * dS * mb[i];
    }
    return new double[][] {g1, g2};
  }

  /** Sets latent b of q to eta = (e1, e2) (S = e2 - e1 e1^T, R = chol(S)). */
  private static void setEta(VariationalGaussian q, int b, Matrix mu0, Matrix sqrt0, Matrix e1, Matrix e2) {
    int m = q.numInducing();
    Matrix mu = mu0.copy();
    Matrix sqrt = sqrt0.copy();
    for (int i = 0; i < m; i++) mu.set(i, b, e1.get(i, 0));
    Matrix s = Dense.sub(e2, Dense.mul(e1, Dense.t(e1)));
    if (q.form() == QForm.FULL) {
      Matrix r = Dense.chol(s);
      System.arraycopy(r.data(), 0, sqrt.data(), b * m * m, m * m);
    } else {
      for (int i = 0; i < m; i++) sqrt.set(i, b, Math.sqrt(s.get(i, i)));
    }
    q.assign(mu, sqrt);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void expectationGradientMatchesFiniteDifferencesOfTheBoundForAnyLikelihood(long seed) {
    RandomCases rc = new RandomCases(seed);
    int which = rc.rng().nextInt(5);
    int n = rc.dim(4, 15), d = rc.dim(1, 2), m = rc.dim(2, 5), k = which == 4 ? 3 : rc.dim(1, 2);
    Dataset data = targetsFor(which, Problems.regression(rc, n, d, which == 4 ? 1 : k));
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    boolean whiten = rc.rng().nextBoolean();
    SVGP svgp = new SVGP(Problems.kernel(rc, d), likelihood(which), new InducingPoints(Problems.spreadPoints(rc, m, d,
        0.5)), new Zero(), k, form, whiten);
    VariationalGaussian q = svgp.layer().q();
    randomQ(q, rc);
    Elbo elbo = new Elbo(svgp, data);
    Var value = elbo.evaluate(null, new RandomStream(7));
    Gradients g = Gradients.of(value);
    int b = rc.rng().nextInt(k);
    double[][] ge = etaGradient(q, g, b);
    Matrix mu0 = q.qMu().value();
    Matrix sqrt0 = q.qSqrt().value();
    Matrix e1 = Dense.col(mu0, b);
    Matrix s0 = form == QForm.FULL ? Dense.mul(Dense.block(sqrt0, b), Dense.t(Dense.block(sqrt0, b)))
        : diag(squares(Dense.col(sqrt0, b)));
    Matrix e2 = Dense.add(s0, Dense.mul(e1, Dense.t(e1)));
    // A random direction in eta; mean-field eta_2 is diag(S) + m o m, so its direction is diagonal.
    Matrix d1 = rc.matrix(m, 1);
    Matrix a = rc.matrix(m, m);
    Matrix d2 = form == QForm.FULL ? Dense.scale(Dense.add(a, Dense.t(a)), 0.5) : diag(Dense.col(a, 0));
    double h = 1e-5;
    setEta(q, b, mu0, sqrt0, Dense.add(e1, Dense.scale(d1, h)), Dense.add(e2, Dense.scale(d2, h)));
    double plus = bound(elbo);
    setEta(q, b, mu0, sqrt0, Dense.sub(e1, Dense.scale(d1, h)), Dense.sub(e2, Dense.scale(d2, h)));
    double minus = bound(elbo);
    double numeric = (plus - minus) / (2 * h);
    double analytic = 0;
    for (int i = 0; i < m; i++) analytic += ge[0][i] * d1.get(i, 0);
    for (int i = 0; i < m * m; i++) analytic += ge[1][i] * d2.data()[i];
    assertEquals(numeric, analytic, 1e-5 * (1 + Math.abs(numeric)), form + " whiten=" + whiten + " likelihood " + which);
  }

  private static Matrix squares(Matrix v) {
    Matrix out = v.copy();
    for (int i = 0; i < out.size(); i++) out.data()[i] *= out.data()[i];
    return out;
  }

  private static Matrix diag(Matrix v) {
    int m = v.rows();
    Matrix out = new Matrix(m, m);
    for (int i = 0; i < m; i++) out.set(i, i, v.get(i, 0));
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void smallStepsIncreaseTheBoundAndBothParameterisationsAgreeToFirstOrder(long seed) {
    RandomCases rc = new RandomCases(seed);
    int which = rc.rng().nextInt(5);
    int n = rc.dim(4, 15), d = rc.dim(1, 2), m = rc.dim(2, 5), k = which == 4 ? 3 : rc.dim(1, 2);
    Dataset data = targetsFor(which, Problems.regression(rc, n, d, which == 4 ? 1 : k));
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    boolean whiten = rc.rng().nextBoolean();
    SVGP svgp = new SVGP(Problems.kernel(rc, d), likelihood(which), new InducingPoints(Problems.spreadPoints(rc, m, d,
        0.5)), new Zero(), k, form, whiten);
    VariationalGaussian q = svgp.layer().q();
    randomQ(q, rc);
    Matrix mu0 = q.qMu().value();
    Matrix sqrt0 = q.qSqrt().value();
    Elbo elbo = new Elbo(svgp, data);
    double before = bound(elbo);
    double gamma = 1e-5;
    double[] gains = new double[2];
    for (QParameterisation how : QParameterisation.values()) {
      q.assign(mu0, sqrt0);
      NaturalGradient.forModel(svgp).stepSize(gamma).parameterisation(how)
          .step(() -> elbo.evaluate(null, new RandomStream(7)), 1);
      gains[how.ordinal()] = bound(elbo) - before;
      assertTrue(gains[how.ordinal()] > 0, how + " step must increase the bound, gain " + gains[how.ordinal()]);
    }
    assertEquals(gains[0], gains[1], 1e-2 * gains[0], "natural and expectation steps agree to first order");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void unitStepOnADeepGpsLastLayerMaximisesTheBoundForFixedInnerSamples(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, rc.dim(5, 15), 2, 1);
    boolean whiten = rc.rng().nextBoolean();
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.2), 1).hiddenWidths(2).numInducing(4).numSamples(3)
        .innerQSqrtScale(0.3).whiten(whiten).build(new RandomStream(seed));
    GPLayer last = dgp.layers().get(1);
    randomQ(last.q(), rc);
    randomQ(dgp.layers().get(0).q(), rc);
    Elbo elbo = new Elbo(dgp, data);
    NaturalGradient ng = new NaturalGradient(java.util.Map.of("layers[1].q", last.q())).stepSize(1.0);
    double before = ng.step(() -> elbo.evaluate(null, new RandomStream(11)), 1);
    Var after = elbo.evaluate(null, new RandomStream(11));
    Gradients g = Gradients.of(after);
    assertTrue(after.scalar() >= before - 1e-9, "the step maximises over the last q");
    double scale = 1 + Math.abs(after.scalar());
    assertEquals(0, g.get(last.q().qMu().leaf()).maxAbs(), 1e-7 * scale, "dL/dm at the optimum");
    assertEquals(0, g.get(last.q().qSqrt().leaf()).maxAbs(), 1e-7 * scale, "dL/dR at the optimum");
  }

  @Test
  void refusesModelsWithoutQAndFixedQ() {
    RandomCases rc = new RandomCases(3);
    Dataset data = Problems.regression(rc, 6, 1, 1);
    SGPR sgpr = new SGPR(data, Problems.kernel(rc, 1), new InducingPoints(Problems.firstRows(data.x(), 3)), 0.1);
    assertThrows(IllegalArgumentException.class, () -> NaturalGradient.forModel(sgpr));
    SVGP svgp = new SVGP(Problems.kernel(rc, 1), new Gaussian(0.1), new InducingPoints(Problems.firstRows(data.x(), 3)),
        1);
    svgp.layer().q().qSqrt().setTrainable(false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NaturalGradient.forModel(svgp));
    assertTrue(e.getMessage().contains("not trainable"), e.getMessage());
  }
}
