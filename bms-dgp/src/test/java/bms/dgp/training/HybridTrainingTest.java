package bms.dgp.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.checkpoint.Checkpoint;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.LearningRateSchedule;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.SGPR;
import bms.dgp.models.SVGP;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Problems;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hybrid scheme in the Trainer: natural steps for every q(u), Adam for the rest. */
class HybridTrainingTest {
  static java.util.stream.Stream<Long> fewSeeds() {
    return RandomCases.seeds(8);
  }

  private static Map<String, Matrix> values(Module m) {
    Map<String, Matrix> out = new LinkedHashMap<>();
    m.parameters().forEach((k, p) -> out.put(k, p.unconstrained()));
    return out;
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void withFixedHyperparametersOneFullBatchUnitStepReachesTheCollapsedBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 20, 2, 1);
    SquaredExponential kernel = Problems.kernel(rc, 2);
    InducingPoints z = new InducingPoints(Problems.spreadPoints(rc, 5, 2, 0.5));
    SVGP svgp = new SVGP(kernel, new Gaussian(0.2), z, 1);
    for (Parameter p : svgp.parameters().values()) {
      if (p != svgp.layer().q().qMu() && p != svgp.layer().q().qSqrt()) p.setTrainable(false);
    }
    NaturalGradient ng = NaturalGradient.forModel(svgp).stepSize(1.0);
    Adam adam = new Adam(ng.otherParameters(svgp));
    assertEquals(0, adam.parameters().size());
    TrainingResult r = new Trainer(new Elbo(svgp, data), new RandomStream(seed)).hybrid(ng, adam, 1);
    assertEquals(TrainingResult.Status.COMPLETED, r.status());
    double collapsed = new SGPR(data, kernel, z, 0.2).elbo().scalar();
    double after = new Elbo(svgp, data).evaluate(null, new RandomStream(1)).scalar();
    assertEquals(collapsed, after, 1e-9);
  }

  private static DeepGP smallDgp(Dataset data, long seed) {
    return new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).hiddenWidths(2).numInducing(4).numSamples(2)
        .innerQSqrtScale(0.3).build(new RandomStream(seed));
  }

  /** A hybrid run split by a checkpoint continues exactly as one run; the bound goes up. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void hybridRunsOnDeepGpsAreResumableBitForBit(long seed) {
    Dataset data = Problems.regression(new RandomCases(seed), 12, 2, 1);
    int steps = 6, split = 2;
    LearningRateSchedule ramp = LearningRateSchedule.logLinearRamp(1e-3, 0.1, 4);

    DeepGP a = smallDgp(data, seed);
    NaturalGradient nga = NaturalGradient.forModel(a).schedule(ramp);
    assertEquals(2, nga.targets().size(), "one q per layer");
    Trainer ta = new Trainer(new Elbo(a, data), new RandomStream(seed)).batchSize(5);
    TrainingResult ra = ta.hybrid(nga, new Adam(nga.otherParameters(a)).learningRate(0.01), steps);
    assertEquals(TrainingResult.Status.COMPLETED, ra.status());

    DeepGP c = smallDgp(data, seed);
    NaturalGradient ngc = NaturalGradient.forModel(c).schedule(ramp);
    Adam adamC = new Adam(ngc.otherParameters(c)).learningRate(0.01);
    Trainer tc = new Trainer(new Elbo(c, data), new RandomStream(seed)).batchSize(5);
    tc.hybrid(ngc, adamC, split);
    Checkpoint saved = tc.checkpoint(adamC);

    DeepGP d = smallDgp(data, seed + 77);
    NaturalGradient ngd = NaturalGradient.forModel(d).schedule(ramp);
    Adam adamD = new Adam(ngd.otherParameters(d)).learningRate(0.01);
    Trainer td = new Trainer(new Elbo(d, data), new RandomStream(seed)).batchSize(5);
    td.restore(saved, adamD);
    TrainingResult rd = td.hybrid(ngd, adamD, steps - split);
    values(a).forEach((k, v) -> assertEquals(0.0, v.maxAbsDiff(values(d).get(k)), "parameter " + k));
    assertEquals(ra.trace().subList(split, steps), rd.trace());
  }

  @Test
  void hybridOnGaussianSvgpClimbsFasterThanItsOwnStart() {
    RandomCases rc = new RandomCases(5);
    Dataset data = Problems.regression(rc, 40, 2, 1);
    SVGP svgp = new SVGP(Problems.kernel(rc, 2), new Gaussian(0.3), new InducingPoints(Problems.firstRows(data.x(), 8)),
        1);
    Elbo elbo = new Elbo(svgp, data);
    double start = elbo.evaluate(null, new RandomStream(1)).scalar();
    NaturalGradient ng = NaturalGradient.forModel(svgp).stepSize(1.0);
    TrainingResult r = new Trainer(elbo, new RandomStream(3)).hybrid(ng, new Adam(ng.otherParameters(svgp))
        .learningRate(0.01), 30);
    double end = elbo.evaluate(null, new RandomStream(1)).scalar();
    assertTrue(end > start, "bound " + start + " -> " + end);
    assertEquals(30, r.trace().size());
  }

  @Test
  void refusesAnAdamThatAlsoTrainsQ() {
    RandomCases rc = new RandomCases(2);
    Dataset data = Problems.regression(rc, 10, 1, 1);
    SVGP svgp = new SVGP(Problems.kernel(rc, 1), new Gaussian(0.3), new InducingPoints(Problems.firstRows(data.x(), 3)),
        1);
    NaturalGradient ng = NaturalGradient.forModel(svgp);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(new Elbo(svgp, data), new RandomStream(1)).hybrid(ng, new Adam(svgp), 1));
    assertTrue(e.getMessage().contains("q.q_mu"), e.getMessage());
  }
}
