package bms.dgp.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.AdamState;
import bms.core.optim.Lbfgs;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.GPR;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.FullBatch;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static java.util.stream.Stream<Long> fewSeeds() {
    return RandomCases.seeds(10);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void minibatchesCoverEachEpochOnceAndDependOnTheStepOnly(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(5, 60), b = rc.dim(1, n);
    MinibatchStream s = new MinibatchStream(new RandomStream(seed), n, b);
    MinibatchStream again = new MinibatchStream(new RandomStream(seed), n, b);
    int per = n / b;
    for (int epoch = 0; epoch < 3; epoch++) {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < per; i++) {
        int[] batch = s.batch((long) epoch * per + i);
        assertEquals(b, batch.length);
        for (int j : batch) assertTrue(seen.add(j) && j >= 0 && j < n, "index " + j + " repeated or out of range");
      }
    }
    long step = rc.rng().nextInt(1000);
    assertEquals(List.of(box(s.batch(step))), List.of(box(again.batch(step))), "batch of a step is reproducible");
  }

  private static Integer[] box(int[] a) {
    Integer[] out = new Integer[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }

  private static DeepGP smallDgp(Dataset data, long seed) {
    return new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).hiddenWidths(2).numInducing(4).numSamples(2)
        .innerQSqrtScale(0.3).build(new RandomStream(seed));
  }

  private static Map<String, Matrix> values(Module m) {
    Map<String, Matrix> out = new java.util.LinkedHashMap<>();
    m.parameters().forEach((k, p) -> out.put(k, p.unconstrained()));
    return out;
  }

  private static void assertSameValues(Map<String, Matrix> a, Map<String, Matrix> b) {
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertEquals(0.0, v.maxAbsDiff(b.get(k)), "parameter " + k + " differs"));
  }

  /** Two runs from one seed agree bit for bit; a run split in two by a checkpoint agrees with one run. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void adamRunsAreReproducibleAndResumable(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 12, 2, 1);
    int steps = 8, split = 3;

    DeepGP a = smallDgp(data, seed);
    Trainer ta = new Trainer(new Elbo(a, data), new RandomStream(seed)).batchSize(5);
    TrainingResult ra = ta.adam(new Adam(a).learningRate(0.01), steps);
    assertEquals(TrainingResult.Status.COMPLETED, ra.status());
    assertEquals(steps, ra.steps());

    DeepGP b = smallDgp(data, seed);
    Adam adamB = new Adam(b).learningRate(0.01);
    new Trainer(new Elbo(b, data), new RandomStream(seed)).batchSize(5).adam(adamB, steps);
    assertSameValues(values(a), values(b));

    // Resume: a fresh model and optimiser restored from the state after `split` steps.
    DeepGP c = smallDgp(data, seed);
    Adam adamC = new Adam(c).learningRate(0.01);
    new Trainer(new Elbo(c, data), new RandomStream(seed)).batchSize(5).adam(adamC, split);
    Map<String, Matrix> saved = values(c);
    AdamState state = adamC.exportState();
    DeepGP d = smallDgp(data, seed + 99); // different initial values, overwritten below
    saved.forEach((k, v) -> d.parameters().get(k).setUnconstrained(v));
    Adam adamD = new Adam(d).learningRate(0.01);
    adamD.restoreState(state);
    TrainingResult rd = new Trainer(new Elbo(d, data), new RandomStream(seed)).batchSize(5).adam(adamD, steps - split);
    assertSameValues(values(a), values(d));
    assertEquals(ra.trace().subList(split, steps), rd.trace());

    DeepGP e = smallDgp(data, seed);
    new Trainer(new Elbo(e, data), new RandomStream(seed + 1)).batchSize(5).adam(new Adam(e).learningRate(0.01), steps);
    assertNotEquals(values(a).get("layers[0].q.q_mu").maxAbsDiff(values(e).get("layers[0].q.q_mu")), 0.0,
        "another seed gives other batches and noise");
  }

  /** The objective turns NaN at step 4 through one parameter: the run stops there and says which. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void stopsOnNonFiniteValuesNamingStepAndParameter(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 10, 2, 1);
    DeepGP model = smallDgp(data, seed);
    Elbo elbo = new Elbo(model, data);
    Parameter noise = model.likelihood().parameters().get("variance");
    int badStep = 1 + rc.rng().nextInt(5);
    int[] calls = {0};
    Objective poisoned = new Objective() {
      @Override public Module module() { return model; }
      @Override public int numData() { return data.size(); }
      @Override public boolean supportsMinibatches() { return true; }
      @Override public Var evaluate(int[] batch, RandomStream rng) {
        Var v = elbo.evaluate(batch, rng);
        return ++calls[0] == badStep ? v.add(noise.var().mulScalar(Double.NaN)) : v;
      }
    };
    List<Map<String, Matrix>> snapshots = new ArrayList<>();
    snapshots.add(values(model));
    Trainer t = new Trainer(poisoned, new RandomStream(seed)).every(1, p -> snapshots.add(values(model)));
    TrainingResult r = t.adam(new Adam(model).learningRate(0.01), 10);
    assertEquals(TrainingResult.Status.NON_FINITE, r.status());
    assertEquals("likelihood.variance", r.badParameter());
    assertTrue(r.message().contains("step " + badStep) && r.message().contains("likelihood.variance"), r.message());
    assertEquals(badStep - 1, r.steps());
    assertSameValues(snapshots.get(snapshots.size() - 1), values(model));
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void lbfgsRaisesTheExactMarginalLikelihoodAndCallbacksRun(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 15, 2, 1);
    GPR gpr = new GPR(data, Problems.kernel(rc, 2), 0.5);
    double before = gpr.logMarginalLikelihood().scalar();
    List<Progress> seen = new ArrayList<>();
    TrainingResult r = new Trainer(FullBatch.marginalLikelihood(gpr), new RandomStream(seed)).every(5, seen::add)
        .lbfgs(new Lbfgs().maxIterations(200));
    double after = gpr.logMarginalLikelihood().scalar();
    assertTrue(after > before, "L-BFGS must raise log p(y): " + before + " -> " + after);
    assertEquals(after, r.objective(), 1e-9 * Math.abs(after));
    assertTrue(!seen.isEmpty() && seen.stream().allMatch(p -> Double.isFinite(p.objective())));
    assertTrue(seen.stream().limit(seen.size() - 1).allMatch(p -> p.step() % 5 == 0), "callbacks every 5 evaluations");

    // Adam on the full batch also climbs; its callback sees every k-th step and the last.
    GPR other = new GPR(data, Problems.kernel(new RandomCases(seed), 2), 0.5);
    List<Long> steps = new ArrayList<>();
    double start = other.logMarginalLikelihood().scalar();
    TrainingResult ra = new Trainer(FullBatch.marginalLikelihood(other), new RandomStream(seed))
        .every(4, p -> steps.add(p.step())).adam(new Adam(other).learningRate(0.05), 10);
    assertEquals(List.of(4L, 8L, 10L), steps);
    assertTrue(other.logMarginalLikelihood().scalar() > start);
    assertEquals(10, ra.trace().size());
  }

  /** Checkpoint after a few steps, write it out and read it back, resume in a fresh model: same run. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void checkpointRoundTripResumesTheSameRun(long seed) throws Exception {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 12, 2, 1);
    DeepGP a = smallDgp(data, seed);
    new Trainer(new Elbo(a, data), new RandomStream(seed)).batchSize(4).adam(new Adam(a).learningRate(0.01), 7);

    DeepGP b = smallDgp(data, seed);
    Adam adamB = new Adam(b).learningRate(0.01);
    Trainer tb = new Trainer(new Elbo(b, data), new RandomStream(seed)).batchSize(4);
    tb.adam(adamB, 3);
    byte[] saved = bms.core.checkpoint.CheckpointFile.toBytes(tb.checkpoint(adamB));

    DeepGP c = smallDgp(data, seed + 5);
    Adam adamC = new Adam(c).learningRate(0.01);
    Trainer tc = new Trainer(new Elbo(c, data), new RandomStream(seed)).batchSize(4);
    tc.restore(bms.core.checkpoint.CheckpointFile.fromBytes(saved, "test"), adamC);
    tc.adam(adamC, 4);
    assertSameValues(values(a), values(c));

    Trainer otherSeed = new Trainer(new Elbo(c, data), new RandomStream(seed + 1)).batchSize(4);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> otherSeed.restore(bms.core.checkpoint.CheckpointFile.fromBytes(saved, "test"), adamC));
    assertTrue(e.getMessage().contains("seed " + seed), e.getMessage());
  }
}
