package bms.dgp.likelihoods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.LearningRateSchedule;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.models.SVGP;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.InputGradCheck;
import bms.dgp.training.Trainer;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heteroskedastic Gaussian likelihood: its quadrature against Monte Carlo over both latents
 * (log densities from Commons Math), against the closed forms of the exp link, its gradients by
 * finite differences, and a model that learns input-dependent noise.
 */
class HeteroskedasticGaussianTest {
  private static final int SAMPLES = 60_000;

  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  private static double link(HeteroskedasticGaussian lik, double g) {
    double s = lik.link() == HeteroskedasticGaussian.Link.EXP ? Math.exp(g)
        : (g > 30 ? g : Math.log1p(Math.exp(g)));
    return lik.floor() + s;
  }

  private static void assertClose(double expected, double se, double actual, String what) {
    assertEquals(expected, actual, 6 * se + 1e-6 * (1 + Math.abs(expected)), what);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void quadratureAgreesWithMonteCarloOverBothLatents(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random rng = rc.rng();
    HeteroskedasticGaussian lik = new HeteroskedasticGaussian(
        rng.nextBoolean() ? HeteroskedasticGaussian.Link.EXP : HeteroskedasticGaussian.Link.SOFTPLUS, 1e-3, 30);
    double muF = -1 + 2 * rng.nextDouble(), varF = 0.05 + rng.nextDouble();
    double muG = -2 + 2 * rng.nextDouble(), varG = 0.05 + 0.8 * rng.nextDouble();
    double y = muF + rng.nextGaussian();
    double s = 0, s2 = 0, dens = 0, dens2 = 0, ys = 0, ys2 = 0;
    for (int i = 0; i < SAMPLES; i++) {
      double f = muF + Math.sqrt(varF) * rng.nextGaussian();
      double noise = link(lik, muG + Math.sqrt(varG) * rng.nextGaussian());
      double lp = new NormalDistribution(null, f, Math.sqrt(noise)).logDensity(y);
      s += lp;
      s2 += lp * lp;
      dens += Math.exp(lp);
      dens2 += Math.exp(2 * lp);
      double draw = f + Math.sqrt(noise) * rng.nextGaussian();
      ys += draw;
      ys2 += draw * draw;
    }
    double ve = s / SAMPLES, veSe = Math.sqrt((s2 / SAMPLES - ve * ve) / SAMPLES);
    double p = dens / SAMPLES, pSe = Math.sqrt((dens2 / SAMPLES - p * p) / SAMPLES);
    double mean = ys / SAMPLES, var = ys2 / SAMPLES - mean * mean;
    Var m = Var.constant(Matrix.row(muF, muG));
    Var v = Var.constant(Matrix.row(varF, varG));
    Matrix yy = Matrix.scalar(y);
    assertClose(ve, veSe, lik.variationalExpectations(m, v, yy, null).scalar(), "E[log p(y | f, g)]");
    // log p: the standard error of a log of a mean is se / mean.
    assertClose(Math.log(p), pSe / p, lik.predictLogDensity(m, v, yy, null).scalar(), "log p(y)");
    Moments mo = lik.predictMeanAndVar(m, v, null);
    assertClose(mean, Math.sqrt(var / SAMPLES), mo.mean().scalar(), "E[y]");
    assertEquals(var, mo.variance().scalar(), 0.05 * var, "Var[y]");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void expLinkMatchesItsClosedForms(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 5), p = rc.dim(1, 3);
    Matrix mu = rc.uniform(n, 2 * p, -1.5, 1.5);
    Matrix var = rc.uniform(n, 2 * p, 0.05, 1.0);
    Matrix y = rc.matrix(n, p);
    HeteroskedasticGaussian lik = new HeteroskedasticGaussian(HeteroskedasticGaussian.Link.EXP, 0.0, 30);
    Matrix ve = lik.variationalExpectations(Var.constant(mu), Var.constant(var), y, null).value();
    Moments mo = lik.predictMeanAndVar(Var.constant(mu), Var.constant(var), null);
    for (int i = 0; i < n; i++) {
      double want = 0;
      for (int j = 0; j < p; j++) {
        double mf = mu.get(i, j), vf = var.get(i, j), mg = mu.get(i, p + j), vg = var.get(i, p + j);
        double r = y.get(i, j) - mf;
        // E[g] = mu_g, E[exp(-g)] = exp(-mu_g + var_g / 2), E[exp(g)] = exp(mu_g + var_g / 2)
        want += -0.5 * Math.log(2 * Math.PI) - 0.5 * mg - 0.5 * (r * r + vf) * Math.exp(-mg + vg / 2);
        assertEquals(mf, mo.mean().value().get(i, j), 0.0, "E[y]");
        assertEquals(vf + Math.exp(mg + vg / 2), mo.variance().value().get(i, j), 1e-10, "Var[y]");
      }
      assertEquals(want, ve.get(i, 0), 1e-10 * (1 + Math.abs(want)), "variational expectation");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 4), p = rc.dim(1, 2);
    HeteroskedasticGaussian lik = new HeteroskedasticGaussian(
        rc.rng().nextBoolean() ? HeteroskedasticGaussian.Link.EXP : HeteroskedasticGaussian.Link.SOFTPLUS, 1e-4, 20);
    Matrix mu = rc.uniform(n, 2 * p, -1.5, 1.5);
    Matrix var = rc.uniform(n, 2 * p, 0.1, 1.5);
    Matrix y = rc.matrix(n, p);
    InputGradCheck.check(seed, 1e-5, 1e-5, in -> lik.variationalExpectations(in.get(0), in.get(1), y, null), mu, var);
    InputGradCheck.check(seed, 1e-5, 1e-5, in -> lik.predictLogDensity(in.get(0), in.get(1), y, null), mu, var);
    InputGradCheck.check(seed, 1e-5, 1e-5, in -> lik.predictMeanAndVar(in.get(0), in.get(1), null).variance(), mu,
        var);
  }

  @Test
  void refusesOddLatentCountsAndAZeroFloorForSoftplus() {
    HeteroskedasticGaussian lik = new HeteroskedasticGaussian();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lik.variationalExpectations(Var.constant(new Matrix(3, 3)), Var.constant(Matrix.ones(3, 3)),
            new Matrix(3, 1), null));
    assertTrue(e.getMessage().contains("needs 2 latent GPs"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> lik.predictMeanAndVar(Var.constant(new Matrix(3, 3)), Var.constant(Matrix.ones(3, 3)), null));
    assertThrows(IllegalArgumentException.class,
        () -> new HeteroskedasticGaussian(HeteroskedasticGaussian.Link.SOFTPLUS, 0.0, 20));
  }

  /** Noise standard deviation 0.05 for x < 0 and 0.5 for x > 0: the model finds the difference. */
  @Test
  void svgpWithANoiseLatentLearnsInputDependentNoise() {
    Random rng = new Random(4);
    int n = 300;
    Matrix x = new Matrix(n, 1);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      double xi = -3 + 6 * rng.nextDouble();
      x.set(i, 0, xi);
      y.set(i, 0, Math.sin(xi) + (xi < 0 ? 0.05 : 0.5) * rng.nextGaussian());
    }
    Matrix z = new Matrix(12, 1);
    for (int i = 0; i < 12; i++) z.set(i, 0, -3 + 6 * i / 11.0);
    SVGP model = new SVGP(new SquaredExponential(1.0, Matrix.row(1.0)), new HeteroskedasticGaussian(),
        new InducingPoints(z), 2);
    Dataset data = new Dataset(x, y);
    NaturalGradient ng = NaturalGradient.forModel(model).schedule(LearningRateSchedule.logLinearRamp(1e-3, 0.1, 20));
    new Trainer(new Elbo(model, data), new RandomStream(1)).hybrid(ng, new Adam(ng.otherParameters(model))
        .learningRate(0.01), 300);
    Moments at = model.predictY(Matrix.column(-2.0, 2.0), null);
    double left = at.variance().value().get(0, 0), right = at.variance().value().get(1, 0);
    assertTrue(right > 10 * left, "predictive variance at x=-2 " + left + ", at x=2 " + right);
    assertEquals(0.25, right, 0.15, "noise variance where its sd is 0.5");
  }
}
