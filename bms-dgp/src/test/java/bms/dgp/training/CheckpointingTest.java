package bms.dgp.training;

import static bms.dgp.training.TrainingFixture.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointFile;
import bms.core.checkpoint.CheckpointManager;
import bms.core.linalg.Cholesky;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Moments;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.ModelFiles;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Problems;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Trainer's checkpoints: periodic saves, resume, failures that keep the last good state. */
class CheckpointingTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(10);
  }

  static Stream<Long> twoSeeds() {
    return RandomCases.seeds(2);
  }

  private static void assertSameBits(Map<String, Matrix> expected, Map<String, Matrix> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> assertArrayEquals(v.data(), actual.get(k).data(), "parameter " + k + " differs"));
  }

  private static List<Long> steps(CheckpointManager m) throws Exception {
    List<Long> out = new ArrayList<>();
    for (Path p : m.list()) out.add(CheckpointManager.stepOf(p));
    return out;
  }

  /** Every k steps and after the last one; only the newest `keep` stay; the newest is the model. */
  @ParameterizedTest
  @MethodSource("seeds")
  void periodicCheckpointsKeepTheLastFew(long seed) throws Exception {
    RandomCases rc = new RandomCases(seed);
    int steps = rc.dim(5, 12), every = rc.dim(2, 4), keep = rc.dim(1, 3);
    TrainingFixture f = new TrainingFixture(seed, seed).checkpointTo(dir, keep, every, 0);
    TrainingResult r = f.trainer.adam(f.adam, steps);
    List<Long> expected = new ArrayList<>();
    for (long s = every; s <= steps; s += every) expected.add(s);
    if (steps % every != 0) expected.add((long) steps);
    expected = expected.subList(Math.max(0, expected.size() - keep), expected.size());
    CheckpointManager m = new CheckpointManager(dir, keep);
    assertEquals(expected, steps(m));
    assertEquals(m.list().get(m.list().size() - 1), r.lastCheckpoint());
    Checkpoint newest = CheckpointFile.read(r.lastCheckpoint());
    assertSameBits(values(f.model), newest.parameters());
    assertEquals(steps, newest.counter("step"));
    assertEquals(steps, newest.adam().step());

    // The time trigger: an interval shorter than any step saves after every step.
    Path timed = dir.resolve("timed");
    TrainingFixture g = new TrainingFixture(seed, seed).checkpointTo(timed, 100, 0, 1e-9);
    g.trainer.adam(g.adam, steps);
    List<Long> all = new ArrayList<>();
    for (long s = 1; s <= steps; s++) all.add(s);
    assertEquals(all, steps(new CheckpointManager(timed, 1)));
  }

  /**
   * The bound (or a gradient through one parameter) turns NaN or infinite at a random step: the
   * run stops there naming the step and the parameter, writes nothing more, and the newest file
   * on disk is the last periodic checkpoint, holding exactly the state of that step.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void aNonFiniteStepStopsAndKeepsTheLastGoodCheckpoint(long seed) throws Exception {
    RandomCases rc = new RandomCases(seed);
    TrainingFixture f = new TrainingFixture(seed, seed);
    Elbo elbo = new Elbo(f.model, f.data);
    Parameter noise = f.model.likelihood().parameters().get("variance");
    int badStep = 3 + rc.rng().nextInt(7);
    boolean throughGradient = rc.rng().nextBoolean();
    double poison = rc.rng().nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
    Objective poisoned = new Objective() {
      @Override public Module module() { return f.model; }
      @Override public int numData() { return f.data.size(); }
      @Override public boolean supportsMinibatches() { return true; }
      @Override public Var evaluate(int[] batch, RandomStream rng) {
        Var v = elbo.evaluate(batch, rng);
        if (rng.seed() != f.trainer.noise(badStep - 1).seed()) return v;
        return throughGradient ? v.add(noise.var().mulScalar(poison)) : v.addScalar(poison);
      }
    };
    List<Map<String, Matrix>> snapshots = new ArrayList<>();
    snapshots.add(values(f.model));
    Trainer t = new Trainer(poisoned, new RandomStream(seed)).batchSize(TrainingFixture.BATCH)
        .checkpointTo(new CheckpointManager(dir, 2), 2, 0).every(1, p -> snapshots.add(values(f.model)));
    TrainingResult r = t.adam(f.adam, 20);

    assertEquals(TrainingResult.Status.NON_FINITE, r.status());
    assertEquals(badStep - 1, r.steps());
    assertTrue(r.message().contains("step " + badStep), r.message());
    if (throughGradient) {
      assertEquals("likelihood.variance", r.badParameter());
      assertTrue(r.message().contains("likelihood.variance"), r.message());
    } else {
      assertNull(r.badParameter(), "only the bound is bad; every gradient is finite");
      assertTrue(r.message().contains("loss is " + (-poison)), r.message());
    }
    long good = (badStep - 1) / 2 * 2;
    CheckpointManager m = new CheckpointManager(dir, 2);
    assertEquals(good, steps(m).get(steps(m).size() - 1), "no checkpoint after the last good step");
    assertEquals(m.list().get(m.list().size() - 1), r.lastCheckpoint());
    assertTrue(r.message().contains(r.lastCheckpoint().toString()), r.message());
    assertSameBits(snapshots.get((int) good), CheckpointFile.read(r.lastCheckpoint()).parameters());
    assertSameBits(snapshots.get(snapshots.size() - 1), values(f.model));

    // The kept checkpoint resumes a clean run at that step.
    TrainingFixture g = new TrainingFixture(seed, seed + 1).checkpointTo(dir, 2, 0, 0);
    assertEquals(good, g.trainer.resume(g.adam).getAsLong());
    assertSameBits(snapshots.get((int) good), values(g.model));
  }

  /**
   * Inducing points all at one place make Kuu = 4 * ones exactly (a zero pivot after the first):
   * singular, so with no jitter on the first try every factorisation needs a retry. The run
   * counts them; a well-posed run has none.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void choleskyJitterRetriesAreCounted(long seed) {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 10, 2, 1);
    int m = rc.dim(3, 6);
    Matrix z = new Matrix(m, 2);
    double at = rc.uniform(1, 1, -2, 2).data()[0];
    for (int i = 0; i < m; i++) z.set(i, 0, at);
    SquaredExponential kernel = new SquaredExponential(4.0, rc.uniform(1, 2, 0.5, 2));
    kernel.variance().setTrainable(false);
    assertEquals(4.0, kernel.variance().scalar(), 0.0, "precondition: a variance whose square root is exact");
    SVGP bad = new SVGP(kernel, new Gaussian(0.1), new InducingPoints(z), 1);
    bad.setJitter(JitterPolicy.NONE_FIRST);
    ((InducingPoints) bad.layer().inducing()).z().setTrainable(false);
    int steps = rc.dim(2, 5);
    List<Long> seen = new ArrayList<>();
    long before = Cholesky.retryCountOnThisThread();
    TrainingResult r = new Trainer(new Elbo(bad, data), new RandomStream(seed)).every(1, p -> seen.add(p.choleskyRetries()))
        .adam(new Adam(bad).learningRate(0.01), steps);
    long made = Cholesky.retryCountOnThisThread() - before;
    assertEquals(TrainingResult.Status.COMPLETED, r.status());
    assertTrue(made >= steps, "every step needs a retry, got " + made + " in " + steps + " steps");
    assertEquals(made, r.choleskyRetries());
    assertTrue(r.message().contains(made + " Cholesky jitter retries"), r.message());
    assertEquals(made, seen.get(seen.size() - 1));
    for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i) > seen.get(i - 1), "retries grow every step: " + seen);

    SVGP fine = new SVGP(Problems.kernel(rc, 2), new Gaussian(0.1),
        new InducingPoints(Problems.spreadPoints(rc, m, 2, 1.0)), 1);
    TrainingResult ok = new Trainer(new Elbo(fine, data), new RandomStream(seed))
        .adam(new Adam(fine).learningRate(0.01), steps);
    assertEquals(0, ok.choleskyRetries());
  }

  /**
   * The same singular Kuu factorises while the policy starts with jitter; a callback then takes
   * the jitter and the retries away, so the next step's Cholesky fails for good. The run stops
   * there, names the step and the matrix, and the newest checkpoint is the last good one.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void aFailedCholeskyStopsAndKeepsTheLastGoodCheckpoint(long seed) throws Exception {
    RandomCases rc = new RandomCases(seed);
    Dataset data = Problems.regression(rc, 10, 2, 1);
    Matrix z = new Matrix(3, 2);
    SquaredExponential kernel = new SquaredExponential(4.0, rc.uniform(1, 2, 0.5, 2));
    kernel.variance().setTrainable(false);
    SVGP model = new SVGP(kernel, new Gaussian(0.1), new InducingPoints(z), 1);
    ((InducingPoints) model.layer().inducing()).z().setTrainable(false);
    model.setJitter(JitterPolicy.DEFAULT);
    int lastGoodStep = rc.dim(2, 7);
    JitterPolicy noRetries = new JitterPolicy(0.0, 1e-6, 10.0, 0);
    Trainer t = new Trainer(new Elbo(model, data), new RandomStream(seed))
        .checkpointTo(new CheckpointManager(dir, 2), 2, 0)
        .every(1, p -> {
          if (p.step() == lastGoodStep) model.setJitter(noRetries);
        });
    TrainingResult r = t.adam(new Adam(model).learningRate(0.01), 20);
    assertEquals(TrainingResult.Status.CHOLESKY_FAILED, r.status());
    assertEquals(lastGoodStep, r.steps());
    assertTrue(r.message().contains("step " + (lastGoodStep + 1)) && r.message().contains("Kuu"), r.message());
    long good = lastGoodStep / 2 * 2;
    assertEquals(good, CheckpointManager.stepOf(r.lastCheckpoint()));
    assertEquals(good, steps(new CheckpointManager(dir, 2)).get(steps(new CheckpointManager(dir, 2)).size() - 1));
    assertTrue(r.message().contains(r.lastCheckpoint().toString()), r.message());
  }

  /**
   * A trained model saved for prediction only loads into a freshly built one (other initial
   * values) and predicts exactly the same; it cannot resume training, and a model of another
   * structure refuses it without changing.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void aModelSavedForPredictionPredictsTheSame(long seed) throws Exception {
    TrainingFixture f = new TrainingFixture(seed, seed);
    f.trainer.adam(f.adam, 4);
    Path file = dir.resolve("model.bin");
    ModelFiles.saveForPrediction(f.model, file);
    assertNull(CheckpointFile.read(file).adam(), "no optimiser state in a prediction-only file");

    TrainingFixture g = new TrainingFixture(seed, seed + 7);
    ModelFiles.loadForPrediction(file, g.model);
    assertSameBits(values(f.model), values(g.model));
    Matrix xs = new RandomCases(seed + 1).uniform(6, 3, -3, 3);
    Moments a = f.model.predictY(xs, 3, new RandomStream(seed));
    Moments b = g.model.predictY(xs, 3, new RandomStream(seed));
    assertArrayEquals(a.mean().value().data(), b.mean().value().data());
    assertArrayEquals(a.variance().value().data(), b.variance().value().data());

    IllegalArgumentException noOptimiser = assertThrows(IllegalArgumentException.class,
        () -> g.trainer.restore(CheckpointFile.read(file), g.adam));
    assertTrue(noOptimiser.getMessage().contains("prediction only"), noOptimiser.getMessage());

    DeepGP other = new DeepGPBuilder(f.data.x(), new Gaussian(0.1), 1).hiddenWidths(2).numInducing(5)
        .build(new RandomStream(seed));
    Map<String, Matrix> before = values(other);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.loadForPrediction(file, other));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("structure"), e.getMessage());
    assertSameBits(before, values(other));
  }

  /**
   * 2n steps in this JVM equal n steps here, a checkpoint, and n more in a new JVM that resumes
   * it: parameters and Adam state bit for bit.
   */
  @ParameterizedTest
  @MethodSource("twoSeeds")
  void resumingInAnotherProcessContinuesBitForBit(long seed) throws Exception {
    int n = 3 + (int) Math.floorMod(seed, 4L);
    TrainingFixture straight = new TrainingFixture(seed, seed);
    straight.trainer.adam(straight.adam, 2L * n);

    TrainingFixture first = new TrainingFixture(seed, seed).checkpointTo(dir, 2, 0, 0);
    first.trainer.adam(first.adam, n);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TrainingFixture.class.getName(),
        Long.toString(seed), dir.toString(), Integer.toString(n)).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    assertEquals(0, p.waitFor(), () -> "child failed: " + read(log));

    CheckpointManager m = new CheckpointManager(dir, 2);
    assertEquals(List.of((long) n, 2L * n), steps(m));
    Checkpoint resumed = m.latest().orElseThrow();
    assertSameBits(values(straight.model), resumed.parameters());
    var expected = straight.adam.exportState();
    assertEquals(expected.step(), resumed.adam().step());
    expected.firstMoments().forEach((k, v) -> assertArrayEquals(v, resumed.adam().firstMoments().get(k), k));
    expected.secondMoments().forEach((k, v) -> assertArrayEquals(v, resumed.adam().secondMoments().get(k), k));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
