package bms.invariance.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.checkpoint.CheckpointFile;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.dgp.training.TrainingResult;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.testing.RotatedPatterns;
import bms.kernels.SquaredExponential;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Orbit noise drawn from each evaluation's stream: a function of the stream's seed only, so
 * Trainer runs of an invariant model are reproducible and resume from a checkpoint exactly.
 */
class OrbitNoiseTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(5);
  }

  private static final ImageShape SHAPE = ImageShape.gray(6, 6);

  private static Dataset data(long seed, int n) {
    return RotatedPatterns.classes(new RandomStream(seed), SHAPE, n, new double[] {-1, 1}, 90, 0.05);
  }

  /** An invariant SVGP on {@code data} with a per-evaluation rotation orbit; {@code init} moves its start. */
  private static InvariantSVGP model(Dataset data, int samples, long init) {
    RandomCases rc = new RandomCases(init);
    RotationOrbit orbit = new RotationOrbit(SHAPE, 5 + 20 * rc.rng().nextDouble(), samples,
        EpsilonSource.perEvaluation());
    Matrix z = new Matrix(Math.min(4, data.size()), SHAPE.size());
    System.arraycopy(data.x().data(), 0, z.data(), 0, z.size());
    return new InvariantSVGP(Invariant.forVariationalModels(new SquaredExponential(1.0, 1.5 + rc.rng().nextDouble()),
        orbit), new Gaussian(0.2), new InvariantInducingPoints(z), 1);
  }

  private static Map<String, Matrix> values(InvariantSVGP m) {
    Map<String, Matrix> out = new LinkedHashMap<>();
    m.parameters().forEach((k, p) -> out.put(k, p.unconstrained()));
    return out;
  }

  private static void assertSameValues(Map<String, Matrix> a, Map<String, Matrix> b) {
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertEquals(0.0, v.maxAbsDiff(b.get(k)), "parameter " + k + " differs"));
  }

  /** Same seed, same run; a run split by a checkpoint (saved to bytes and read back) is the same run. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void trainerRunsAreReproducibleAndResumable(long seed) throws Exception {
    Dataset data = data(seed, 12);
    int steps = 6, split = 2, batch = 5;
    InvariantSVGP a = model(data, 3, seed);
    TrainingResult ra = new Trainer(new Elbo(a, data), new RandomStream(seed)).batchSize(batch)
        .adam(new Adam(a).learningRate(0.05), steps);
    assertEquals(TrainingResult.Status.COMPLETED, ra.status());

    InvariantSVGP b = model(data, 3, seed);
    new Trainer(new Elbo(b, data), new RandomStream(seed)).batchSize(batch).adam(new Adam(b).learningRate(0.05), steps);
    assertSameValues(values(a), values(b));

    InvariantSVGP c = model(data, 3, seed);
    Adam adamC = new Adam(c).learningRate(0.05);
    Trainer tc = new Trainer(new Elbo(c, data), new RandomStream(seed)).batchSize(batch);
    tc.adam(adamC, split);
    byte[] saved = CheckpointFile.toBytes(tc.checkpoint(adamC));
    InvariantSVGP d = model(data, 3, seed + 1000); // another start, overwritten by the checkpoint
    Adam adamD = new Adam(d).learningRate(0.05);
    Trainer td = new Trainer(new Elbo(d, data), new RandomStream(seed)).batchSize(batch);
    td.restore(CheckpointFile.fromBytes(saved, "test"), adamD);
    TrainingResult rd = td.adam(adamD, steps - split);
    assertSameValues(values(a), values(d));
    assertEquals(ra.trace().subList(split, steps), rd.trace());

    InvariantSVGP e = model(data, 3, seed);
    new Trainer(new Elbo(e, data), new RandomStream(seed + 1)).batchSize(batch).adam(new Adam(e).learningRate(0.05), steps);
    assertNotEquals(0.0, values(a).get("kernel.orbit.angle").maxAbsDiff(values(e).get("kernel.orbit.angle")),
        "another seed, other batches and orbit draws");
  }

  /**
   * The draws depend on the seed of the evaluation stream, not on how far it was read (the
   * likelihood or a deep GP may read it first); another seed gives other draws.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void drawsDependOnTheStreamSeedOnly(long seed) {
    Dataset data = data(seed, 4);
    InvariantSVGP m = model(data, 2 + (int) (seed % 3), seed);
    double first = m.expectedLogLikelihood(data.x(), data.y(), new RandomStream(seed)).scalar();
    RandomStream advanced = new RandomStream(seed);
    for (int i = 0; i < 1 + seed % 17; i++) advanced.nextDouble();
    assertEquals(first, m.expectedLogLikelihood(data.x(), data.y(), advanced).scalar(), 0.0);
    assertNotEquals(first, m.expectedLogLikelihood(data.x(), data.y(), new RandomStream(seed + 1)).scalar());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bindingNamesEachOrbitAndLeavesOtherSourcesAlone(long seed) {
    Dataset data = data(seed, 3);
    InvariantSVGP m = model(data, 2, seed);
    assertEquals(1, OrbitNoise.bind(m, new RandomStream(seed)));
    RotationOrbit orbit = (RotationOrbit) m.kernel().orbit();
    orbit.setEpsilons(EpsilonSource.fixed(seed));
    assertEquals(0, OrbitNoise.bind(m, null), "a fixed source needs no stream");
    double v = m.expectedLogLikelihood(data.x(), data.y(), new RandomStream(seed)).scalar();
    assertEquals(v, m.expectedLogLikelihood(data.x(), data.y(), new RandomStream(seed + 7)).scalar(), 0.0,
        "fixed eps stay fixed whatever the stream");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void unboundOrMissingStreamsFailClearly(long seed) {
    Dataset data = data(seed, 3);
    InvariantSVGP m = model(data, 2, seed);
    IllegalStateException unbound = assertThrows(IllegalStateException.class,
        () -> m.kernel().K(Var.constant(data.x())));
    assertTrue(unbound.getMessage().contains("none is bound"), unbound.getMessage());
    IllegalArgumentException noStream = assertThrows(IllegalArgumentException.class,
        () -> m.expectedLogLikelihood(data.x(), data.y(), null));
    assertTrue(noStream.getMessage().contains("kernel.orbit") && noStream.getMessage().contains("not null"),
        noStream.getMessage());
    Parameter angle = m.parameters().get("kernel.orbit.angle");
    assertTrue(angle != null && angle.trainable(), "theta is a trainable parameter of the model");
  }
}
