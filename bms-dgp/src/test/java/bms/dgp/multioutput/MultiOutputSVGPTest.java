package bms.dgp.multioutput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.models.GPLayer;
import bms.dgp.models.SGPR;
import bms.dgp.models.SVGP;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.dgp.testing.ParameterGradCheck;
import bms.dgp.testing.Problems;
import bms.dgp.variational.QForm;
import bms.dgp.variational.VariationalGaussian;
import bms.kernels.Kernel;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-output SVGP: the LMC with W = I is the independent-output model; independent outputs
 * with one shared kernel and Z are SVGP with K latents; with separate kernels and a Gaussian
 * likelihood one unit natural step gives the sum of the outputs' collapsed bounds; gradients of
 * the LMC bound by finite differences; the LMC mixture against a dense computation.
 */
class MultiOutputSVGPTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(25);
  }

  private static void randomQ(VariationalGaussian q, RandomCases rc) {
    int m = q.numInducing();
    Matrix sqrt = new Matrix(q.numLatent() * m, m);
    for (int b = 0; b < q.numLatent(); b++) {
      System.arraycopy(Dense.scale(rc.lowerTriangular(m), 0.5).data(), 0, sqrt.data(), b * m * m, m * m);
    }
    q.assign(rc.matrix(m, q.numLatent()), sqrt);
  }

  private static List<Kernel> kernels(RandomCases rc, int count, int d) {
    List<Kernel> ks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ks.add(i % 2 == 0 ? Problems.kernel(rc, d) : new Matern52(0.5 + rc.rng().nextDouble(), rc.uniform(1, d, 0.6, 1.5)));
    }
    return ks;
  }

  private static List<InducingPoints> inducing(RandomCases rc, int count, int m, int d, boolean shared) {
    List<InducingPoints> zs = new ArrayList<>();
    for (int i = 0; i < (shared ? 1 : count); i++) zs.add(new InducingPoints(Problems.spreadPoints(rc, m, d, 0.5)));
    return zs;
  }

  private static double bound(Elbo e) {
    return e.evaluate(null, new RandomStream(3)).scalar();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lmcWithIdentityMixingIsTheIndependentOutputModel(long seed) {
    RandomCases rc = new RandomCases(seed);
    int p = rc.dim(1, 3), d = rc.dim(1, 2), m = rc.dim(2, 5);
    Dataset data = Problems.regression(rc, rc.dim(4, 12), d, p);
    boolean shared = rc.rng().nextBoolean();
    List<GPLayer> latents = MultiOutputSVGP.latents(kernels(rc, p, d), inducing(rc, p, m, d, shared));
    for (GPLayer g : latents) randomQ(g.q(), rc);
    MultiOutputSVGP independent = new MultiOutputSVGP(latents, null, new Gaussian(0.3));
    MultiOutputSVGP lmc = new MultiOutputSVGP(latents, Matrix.identity(p), new Gaussian(0.3));
    assertEquals(bound(new Elbo(independent, data)), bound(new Elbo(lmc, data)), 1e-12);
    Matrix xs = rc.uniform(5, d, -3, 3);
    assertEquals(0, independent.predictF(xs).mean().value().maxAbsDiff(lmc.predictF(xs).mean().value()), 1e-14);
    assertEquals(0, independent.predictF(xs).variance().value().maxAbsDiff(lmc.predictF(xs).variance().value()),
        1e-14);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sharedKernelAndInducingIndependentOutputsAreSvgpWithKLatents(long seed) {
    RandomCases rc = new RandomCases(seed);
    int p = rc.dim(1, 3), d = rc.dim(1, 2), m = rc.dim(2, 5);
    Dataset data = Problems.regression(rc, rc.dim(4, 12), d, p);
    SquaredExponential k = Problems.kernel(rc, d);
    InducingPoints z = new InducingPoints(Problems.spreadPoints(rc, m, d, 0.5));
    SVGP svgp = new SVGP(k, new Gaussian(0.3), z, new Zero(), p, QForm.FULL, true);
    randomQ(svgp.layer().q(), rc);
    List<Kernel> same = new ArrayList<>();
    for (int i = 0; i < p; i++) same.add(k);
    List<GPLayer> latents = MultiOutputSVGP.latents(same, List.of(z));
    Matrix mu = svgp.layer().q().qMu().value();
    Matrix sqrt = svgp.layer().q().qSqrt().value();
    for (int i = 0; i < p; i++) latents.get(i).q().assign(Dense.col(mu, i), Dense.block(sqrt, i));
    MultiOutputSVGP mo = new MultiOutputSVGP(latents, null, new Gaussian(0.3));
    assertEquals(bound(new Elbo(svgp, data)), bound(new Elbo(mo, data)), 1e-10);
    assertEquals(1, mo.parameters().keySet().stream().filter(s -> s.endsWith("inducing.Z")).count(),
        "a shared Z is one parameter");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void unitNaturalStepOnSeparateOutputsGivesTheSumOfCollapsedBounds(long seed) {
    RandomCases rc = new RandomCases(seed);
    int p = rc.dim(1, 3), d = rc.dim(1, 2), m = rc.dim(2, 6);
    Dataset data = Problems.regression(rc, rc.dim(5, 20), d, p);
    List<Kernel> ks = kernels(rc, p, d);
    List<InducingPoints> zs = inducing(rc, p, m, d, rc.rng().nextBoolean());
    List<GPLayer> latents = MultiOutputSVGP.latents(ks, zs);
    for (GPLayer g : latents) randomQ(g.q(), rc);
    MultiOutputSVGP mo = new MultiOutputSVGP(latents, null, new Gaussian(0.25));
    Elbo elbo = new Elbo(mo, data);
    NaturalGradient.forModel(mo).stepSize(1.0).step(() -> elbo.evaluate(null, new RandomStream(3)), 1);
    double sum = 0;
    for (int i = 0; i < p; i++) {
      Dataset one = new Dataset(data.x(), Dense.col(data.y(), i));
      sum += new SGPR(one, ks.get(i), zs.get(zs.size() == 1 ? 0 : i), 0.25).elbo().scalar();
    }
    assertEquals(sum, bound(elbo), 1e-9);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lmcMarginalsAreTheMixturesOfTheLatentMarginals(long seed) {
    RandomCases rc = new RandomCases(seed);
    int l = rc.dim(1, 3), p = rc.dim(1, 3), d = rc.dim(1, 2), m = rc.dim(2, 5);
    List<GPLayer> latents = MultiOutputSVGP.latents(kernels(rc, l, d), inducing(rc, l, m, d, rc.rng().nextBoolean()));
    for (GPLayer g : latents) randomQ(g.q(), rc);
    Matrix w = rc.matrix(p, l);
    MultiOutputSVGP lmc = new MultiOutputSVGP(latents, w, new Gaussian(0.3));
    Matrix xs = rc.uniform(4, d, -3, 3);
    var g = lmc.latentMarginals(xs);
    var f = lmc.predictF(xs);
    for (int n = 0; n < xs.rows(); n++) {
      for (int o = 0; o < p; o++) {
        double mean = 0, var = 0;
        for (int j = 0; j < l; j++) {
          mean += w.get(o, j) * g.mean().value().get(n, j);
          var += w.get(o, j) * w.get(o, j) * g.variance().value().get(n, j);
        }
        assertEquals(mean, f.mean().value().get(n, o), 1e-12);
        assertEquals(var, f.variance().value().get(n, o), 1e-12);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lmcBoundGradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    int l = rc.dim(1, 3), p = rc.dim(1, 3), d = rc.dim(1, 2), m = rc.dim(2, 4);
    boolean bernoulli = rc.rng().nextBoolean();
    Dataset raw = Problems.regression(rc, rc.dim(3, 8), d, p);
    Matrix y = raw.y().copy();
    if (bernoulli) for (int i = 0; i < y.size(); i++) y.data()[i] = y.data()[i] > 0 ? 1 : 0;
    Dataset data = new Dataset(raw.x(), y);
    List<GPLayer> latents = MultiOutputSVGP.latents(kernels(rc, l, d), inducing(rc, l, m, d, rc.rng().nextBoolean()));
    for (GPLayer g : latents) {
      randomQ(g.q(), rc);
      // The jitter is a constant to autodiff; relative jitter would move with the kernel variance.
      g.setJitter(JitterPolicy.NONE_FIRST);
    }
    Likelihood lik = bernoulli ? new Bernoulli() : new Gaussian(0.3);
    MultiOutputSVGP lmc = new MultiOutputSVGP(latents, rc.matrix(p, l), lik);
    Elbo elbo = new Elbo(lmc, data);
    ParameterGradCheck.check(lmc, () -> elbo.evaluate(null, new RandomStream(3)), 1e-5, 1e-5);
  }

  @Test
  void badShapesAreNamed() {
    RandomCases rc = new RandomCases(1);
    List<GPLayer> two = MultiOutputSVGP.latents(kernels(rc, 2, 1), inducing(rc, 2, 3, 1, false));
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
        () -> new MultiOutputSVGP(two, new Matrix(2, 3), new Gaussian(0.1)));
    assertTrue(w.getMessage().contains("L = 2"), w.getMessage());
    IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
        () -> MultiOutputSVGP.latents(kernels(rc, 3, 1), inducing(rc, 2, 3, 1, false)));
    assertTrue(z.getMessage().contains("one per kernel"), z.getMessage());
    MultiOutputSVGP mo = new MultiOutputSVGP(two, null, new Gaussian(0.1));
    Dataset wrong = new Dataset(new Matrix(4, 1), new Matrix(4, 3));
    IllegalArgumentException y = assertThrows(IllegalArgumentException.class,
        () -> new Elbo(mo, wrong).evaluate(null, null));
    assertTrue(y.getMessage().contains("latent"), y.getMessage());
  }
}
