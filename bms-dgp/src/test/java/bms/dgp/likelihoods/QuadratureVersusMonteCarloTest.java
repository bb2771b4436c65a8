package bms.dgp.likelihoods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.random.RandomStream;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every likelihood's variational expectation, predictive log density and predictive moments
 * against plain Monte Carlo with many samples, using log densities from Commons Math
 * distributions (independent of the code under test). Tolerances are several standard errors.
 */
class QuadratureVersusMonteCarloTest {
  private static final int SAMPLES = 50_000;
  private static final NormalDistribution STD_NORMAL = new NormalDistribution(0, 1);

  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** Mean and standard error of g(f), f ~ N(mu, var). */
  private static double[] monteCarlo(double mu, double var, Random rng, java.util.function.DoubleUnaryOperator g) {
    double s = 0, s2 = 0;
    for (int i = 0; i < SAMPLES; i++) {
      double v = g.applyAsDouble(mu + Math.sqrt(var) * rng.nextGaussian());
      s += v;
      s2 += v * v;
    }
    double mean = s / SAMPLES;
    return new double[] {mean, Math.sqrt(Math.max(s2 / SAMPLES - mean * mean, 0) / SAMPLES)};
  }

  private static void assertClose(double expected, double se, double actual, String what) {
    double tol = 6 * se + 1e-6 * (1 + Math.abs(expected));
    assertEquals(expected, actual, tol, what);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scalarLikelihoods(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random rng = rc.rng();
    int which = (int) (seed % 4);
    double mu = -1 + 2 * rng.nextDouble();
    double var = 0.05 + 1.5 * rng.nextDouble();
    ScalarLikelihood lik;
    double y;
    DoubleBinaryOperator logp; // (f, y) -> log p(y | f)
    DoubleBinaryOperator condMean;
    DoubleBinaryOperator condVar;
    switch (which) {
      case 0 -> {
        double s2 = 0.1 + rng.nextDouble();
        lik = new Gaussian(s2);
        y = mu + rng.nextGaussian();
        logp = (f, yy) -> -0.5 * Math.log(2 * Math.PI * s2) - (yy - f) * (yy - f) / (2 * s2);
        condMean = (f, u) -> f;
        condVar = (f, u) -> s2;
      }
      case 1 -> {
        lik = new Bernoulli();
        y = rng.nextBoolean() ? 1 : 0;
        logp = (f, yy) -> Math.log(yy == 1 ? STD_NORMAL.cumulativeProbability(f) : 1 - STD_NORMAL.cumulativeProbability(f));
        condMean = (f, u) -> STD_NORMAL.cumulativeProbability(f);
        condVar = (f, u) -> STD_NORMAL.cumulativeProbability(f) * (1 - STD_NORMAL.cumulativeProbability(f));
      }
      case 2 -> {
        double df = 3 + 5 * rng.nextDouble();
        double scale = 0.3 + rng.nextDouble();
        lik = new StudentT(df, scale);
        y = mu + rng.nextGaussian();
        TDistribution t = new TDistribution(df);
        logp = (f, yy) -> t.logDensity((yy - f) / scale) - Math.log(scale);
        condMean = (f, u) -> f;
        condVar = (f, u) -> scale * scale * df / (df - 2);
      }
      default -> {
        lik = new Poisson();
        y = rng.nextInt(4);
        // Poisson(y | 1) = e^-1 / y!, so this is -log y!.
        double minusLogYFactorial = new PoissonDistribution(1.0).logProbability((int) y) + 1.0;
        logp = (f, yy) -> yy * f - Math.exp(f) + minusLogYFactorial;
        condMean = (f, u) -> Math.exp(f);
        condVar = (f, u) -> Math.exp(f);
      }
    }
    Var m = Var.constant(Matrix.scalar(mu));
    Var v = Var.constant(Matrix.scalar(var));
    Matrix ym = Matrix.scalar(y);
    String name = lik.getClass().getSimpleName();
    final double yy = y;

    double[] ve = monteCarlo(mu, var, new Random(seed), f -> logp.applyAsDouble(f, yy));
    assertClose(ve[0], ve[1], lik.variationalExpectations(m, v, ym, null).scalar(), name + " variational expectation");

    double[] dens = monteCarlo(mu, var, new Random(seed + 1), f -> Math.exp(logp.applyAsDouble(f, yy)));
    double lpd = lik.predictLogDensity(m, v, ym, null).scalar();
    assertClose(dens[0], dens[1], Math.exp(lpd), name + " predictive density");

    Moments mom = lik.predictMeanAndVar(m, v, null);
    double[] mean = monteCarlo(mu, var, new Random(seed + 2), f -> condMean.applyAsDouble(f, 0));
    assertClose(mean[0], mean[1], mom.mean().scalar(), name + " predictive mean");
    double[] second = monteCarlo(mu, var, new Random(seed + 2),
        f -> condVar.applyAsDouble(f, 0) + Math.pow(condMean.applyAsDouble(f, 0), 2));
    assertClose(second[0] - mean[0] * mean[0], second[1] + 2 * Math.abs(mean[0]) * mean[1], mom.variance().scalar(),
        name + " predictive variance");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void poissonQuadratureMatchesItsClosedForm(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 6), p = rc.dim(1, 2);
    Matrix mu = rc.uniform(n, p, -2, 2);
    Matrix var = rc.uniform(n, p, 0.01, 1.5);
    Matrix y = new Matrix(n, p);
    for (int i = 0; i < y.size(); i++) y.data()[i] = rc.rng().nextInt(6);
    Poisson lik = new Poisson();
    Matrix quad = lik.variationalExpectations(Var.constant(mu), Var.constant(var), y, null).value();
    Matrix exact = lik.exactVariationalExpectations(Var.constant(mu), Var.constant(var), y).value();
    assertTrue(quad.maxAbsDiff(exact) < 1e-8 * (1 + exact.maxAbs()), "quadrature " + quad + " vs exact " + exact);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void robustmaxProbabilityOfTheLargestLatent(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random rng = rc.rng();
    int c = rc.dim(2, 5);
    double[] mu = new double[c];
    double[] var = new double[c];
    for (int k = 0; k < c; k++) {
      mu[k] = rng.nextGaussian();
      var[k] = 0.1 + rng.nextDouble();
    }
    int y = rng.nextInt(c);
    Random mc = new Random(seed);
    int hits = 0;
    for (int s = 0; s < SAMPLES; s++) {
      int best = 0;
      double bestVal = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        double f = mu[k] + Math.sqrt(var[k]) * mc.nextGaussian();
        if (f > bestVal) {
          bestVal = f;
          best = k;
        }
      }
      if (best == y) hits++;
    }
    double pMc = (double) hits / SAMPLES;
    double se = Math.sqrt(pMc * (1 - pMc) / SAMPLES);
    MultiClass lik = new MultiClass(c);
    Var m = Var.constant(Matrix.row(mu));
    Var v = Var.constant(Matrix.row(var));
    double pQuad = lik.probabilityMax(m, v, new int[] {y}).scalar();
    assertEquals(pMc, pQuad, 6 * se + 1e-4, "P(class " + y + " is the max)");

    double eps = lik.epsilon();
    double expectedVe = pMc * Math.log(1 - eps) + (1 - pMc) * Math.log(eps / (c - 1));
    double ve = lik.variationalExpectations(m, v, Matrix.scalar(y), null).scalar();
    assertEquals(expectedVe, ve, (6 * se + 1e-4) * Math.abs(Math.log(1 - eps) - Math.log(eps / (c - 1))));
    // Class probabilities sum to one.
    Matrix probs = lik.predictMeanAndVar(m, v, null).mean().value();
    double total = 0;
    for (double p : probs.data()) total += p;
    // Up to the error of the 20-point quadrature (about 1e-4 where the variances differ a lot).
    assertEquals(1.0, total, 1e-3, "robustmax class probabilities sum to one");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void softmaxMonteCarloAgreesWithAnIndependentEstimate(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random rng = rc.rng();
    int c = rc.dim(2, 4);
    double[] mu = new double[c];
    double[] var = new double[c];
    for (int k = 0; k < c; k++) {
      mu[k] = rng.nextGaussian();
      var[k] = 0.1 + rng.nextDouble();
    }
    int y = rng.nextInt(c);
    Random mc = new Random(seed);
    double s = 0, s2 = 0, dens = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double[] f = new double[c];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        f[k] = mu[k] + Math.sqrt(var[k]) * mc.nextGaussian();
        max = Math.max(max, f[k]);
      }
      double z = 0;
      for (int k = 0; k < c; k++) z += Math.exp(f[k] - max);
      double lp = f[y] - max - Math.log(z);
      s += lp;
      s2 += lp * lp;
      dens += Math.exp(lp);
    }
    double mean = s / n;
    double se = Math.sqrt((s2 / n - mean * mean) / n);
    Softmax lik = new Softmax(c, n);
    Var m = Var.constant(Matrix.row(mu));
    Var v = Var.constant(Matrix.row(var));
    double ve = lik.variationalExpectations(m, v, Matrix.scalar(y), new RandomStream(seed)).scalar();
    // Two independent estimates: the difference has standard error sqrt(2) se.
    assertEquals(mean, ve, 6 * Math.sqrt(2) * se);
    double lpd = lik.predictLogDensity(m, v, Matrix.scalar(y), new RandomStream(seed + 1)).scalar();
    assertEquals(Math.log(dens / n), lpd, 0.05);
  }
}
