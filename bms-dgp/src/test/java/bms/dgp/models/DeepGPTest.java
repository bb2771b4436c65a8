package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.init.Pca;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Moments;
import bms.dgp.likelihoods.StudentT;
import bms.dgp.meanfunctions.Identity;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import bms.dgp.testing.Problems;
import bms.dgp.variational.QForm;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeepGPTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** For the statistical test, which evaluates the bound a few hundred times per seed. */
  static java.util.stream.Stream<Long> fewSeeds() {
    return RandomCases.seeds(10);
  }

  private static void perturb(Map<String, Parameter> params, RandomCases rc) {
    for (Parameter p : params.values()) {
      Matrix u = p.unconstrained();
      for (int i = 0; i < u.size(); i++) u.data()[i] += 0.2 * rc.rng().nextGaussian();
      p.setUnconstrained(p.bijector() == bms.core.param.LowerTriangularBijector.INSTANCE ? p.bijector().forward(u) : u);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void oneLayerDeepGpIsTheSvgpWithTheSameParameters(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3);
    Dataset raw = Problems.regression(rc, rc.dim(4, 10), d, 1);
    int which = rc.rng().nextInt(3);
    Matrix y = raw.y().copy();
    if (which == 1) for (int i = 0; i < y.size(); i++) y.data()[i] = y.data()[i] > 0 ? 1 : 0;
    Dataset data = new Dataset(raw.x(), y);
    Likelihood dgpLik = which == 0 ? new Gaussian(0.3) : which == 1 ? new Bernoulli() : new StudentT(4, 0.5);
    Likelihood svgpLik = which == 0 ? new Gaussian(0.3) : which == 1 ? new Bernoulli() : new StudentT(4, 0.5);
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    boolean whiten = rc.rng().nextBoolean();
    int m = Math.min(3, data.size());
    int s = rc.dim(1, 4);
    DeepGP dgp = new DeepGPBuilder(data.x(), dgpLik, 1).numInducing(m).numSamples(s).form(form).whiten(whiten)
        .build(new RandomStream(seed));
    perturb(dgp.trainableParameters(), rc);
    SVGP svgp = new SVGP(new SquaredExponential(1.0, Matrix.ones(1, d)), svgpLik, new InducingPoints(new Matrix(m, d)),
        new Zero(), 1, form, whiten);
    // Copy every parameter across: layers[0].X in the deep GP is X in the SVGP.
    Map<String, Parameter> from = dgp.parameters();
    for (Map.Entry<String, Parameter> e : svgp.parameters().entrySet()) {
      String path = e.getKey().startsWith("likelihood") ? e.getKey() : "layers[0]." + e.getKey();
      Parameter src = from.get(path);
      assertTrue(src != null, "deep GP has no parameter " + path);
      e.getValue().setUnconstrained(src.unconstrained());
    }
    assertEquals(dgp.trainableParameters().size(), svgp.trainableParameters().size());

    int[] batch = new RandomStream(seed).sampleWithoutReplacement(data.size(), rc.dim(1, data.size()));
    double a = new Elbo(dgp, data).evaluate(batch, new RandomStream(seed + 1)).scalar();
    double b = new Elbo(svgp, data).evaluate(batch, new RandomStream(seed + 1)).scalar();
    assertEquals(b, a, 1e-12 * Math.max(1, Math.abs(b)), "one-layer deep GP ELBO vs SVGP ELBO");

    Moments pd = dgp.predictY(data.x(), s, new RandomStream(seed + 2));
    Moments ps = svgp.predictY(data.x(), new RandomStream(seed + 2));
    assertTrue(pd.mean().value().maxAbsDiff(ps.mean().value()) < 1e-12, "mixture mean of identical samples");
    assertTrue(pd.variance().value().maxAbsDiff(ps.variance().value()) < 1e-10, "mixture variance of identical samples");
    Matrix ld = dgp.predictLogDensity(data.x(), data.y(), s, new RandomStream(seed + 3));
    Matrix ls = svgp.predictLogDensity(data.x(), data.y(), new RandomStream(seed + 3));
    assertTrue(ld.maxAbsDiff(ls) < 1e-10, "log density " + ld + " vs " + ls);
  }

  /** E over noise of the S = 1 estimate equals the S = 200 estimate: both are unbiased for the same ELBO. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void sampledBoundAveragesOverSamples(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 6, 2, 1);
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.2), 1).hiddenWidths(2).numInducing(3).innerQSqrtScale(0.5)
        .build(new RandomStream(seed));
    perturb(dgp.trainableParameters(), rc);
    Elbo elbo = new Elbo(dgp, data);
    int reps = 200;
    double sum = 0, sum2 = 0;
    for (int r = 0; r < reps; r++) {
      double v = elbo.evaluate(null, new RandomStream(seed * 1000 + r)).scalar();
      sum += v;
      sum2 += v * v;
    }
    double mean = sum / reps;
    double se = Math.sqrt((sum2 / reps - mean * mean) / reps);
    dgp.setNumSamples(reps);
    double many = elbo.evaluate(null, new RandomStream(seed + 7)).scalar();
    assertEquals(mean, many, 6 * Math.sqrt(2) * se + 1e-9, "S = 1 average vs S = " + reps);
    assertTrue(se > 0, "the two-layer bound must be random");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sameStreamSameBoundOtherStreamOtherBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 5, 2, 1);
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.2), 1).hiddenWidths(2, 2).numInducing(3)
        .numSamples(rc.dim(1, 3)).innerQSqrtScale(0.5).build(new RandomStream(seed));
    // At initialisation the last layer is at its prior, whose marginals do not depend on the
    // sampled inputs; move away from it first.
    perturb(dgp.trainableParameters(), rc);
    Elbo elbo = new Elbo(dgp, data);
    double a = elbo.evaluate(null, new RandomStream(seed)).scalar();
    assertEquals(a, elbo.evaluate(null, new RandomStream(seed)).scalar(), 0.0);
    assertNotEquals(a, elbo.evaluate(null, new RandomStream(seed + 1)).scalar());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void builderFollowsSalimbeniAndDeisenroth(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(3, 5);
    int narrow = rc.dim(1, d - 1);
    Dataset data = Problems.regression(rc, 12, d, 1);
    int m = rc.dim(2, 6);
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).hiddenWidths(d, narrow).numInducing(m)
        .build(new RandomStream(seed));
    assertEquals(3, dgp.layers().size());
    GPLayer l0 = dgp.layers().get(0), l1 = dgp.layers().get(1), l2 = dgp.layers().get(2);
    assertInstanceOf(Identity.class, l0.meanFunction(), "same width: identity mean");
    Linear proj = assertInstanceOf(Linear.class, l1.meanFunction(), "width change: fixed linear mean");
    assertInstanceOf(Zero.class, l2.meanFunction(), "last layer: zero mean");
    assertTrue(!proj.a().trainable() && !proj.b().trainable(), "the projection is fixed");
    Matrix w = Pca.projection(data.x(), narrow);
    assertTrue(proj.a().value().maxAbsDiff(w) < 1e-12, "projection is the PCA of the layer's inputs");
    assertEquals(d, l0.numLatent());
    assertEquals(narrow, l1.numLatent());
    assertEquals(1, l2.numLatent());
    // Inner layers start near the prior with white noise; the last at the prior without.
    for (GPLayer inner : new GPLayer[] {l0, l1}) {
      assertEquals(2e-6, inner.whiteNoise());
      assertEquals(1e-5, inner.q().qSqrt().value().get(0, 0), 1e-18);
    }
    assertEquals(0.0, l2.whiteNoise());
    assertEquals(1.0, l2.q().qSqrt().value().get(0, 0), 1e-15);
    // Z moves through the same map as the inputs.
    Matrix z1 = ((InducingPoints) l1.inducing()).z().value();
    Matrix z2 = ((InducingPoints) l2.inducing()).z().value();
    assertTrue(Dense.mul(z1, w).maxAbsDiff(z2) < 1e-12, "Z of the next layer is Z W");
    assertTrue(!dgp.trainableParameters().containsKey("layers[1].mean.A"), "fixed projection is not trained");
  }
}
