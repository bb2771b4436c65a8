package bms.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.ParameterVector;
import bms.core.param.Module;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.SVGP;
import bms.dgp.models.VariationalModel;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.spark.ModuleFactory;
import bms.spark.SparkTestSession;
import bms.spark.TestData;
import bms.spark.data.Blocks;
import bms.spark.data.DataBlock;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataParallelTrainerTest {
  private static final int N = 150;
  private static final int BATCH = 32;
  private static final int STEPS = 50;
  private static final long SEED = 3;
  private static final Dataset DATA = TestData.regression(N, 2, 1, 21);

  private static ModuleFactory<SVGP> svgp() {
    double[] z = TestData.firstRows(DATA.x(), 10);
    return () -> new SVGP(new SquaredExponential(1.0, Matrix.row(1.0, 1.0)), new Gaussian(0.1),
        new InducingPoints(Matrix.wrap(10, 2, z.clone())), 1);
  }

  private static ModuleFactory<DeepGP> deepGp() {
    double[] x = DATA.x().data().clone();
    return () -> new DeepGPBuilder(Matrix.wrap(N, 2, x.clone()), new Gaussian(0.1), 1).hiddenWidths(2)
        .numInducing(8).numSamples(2).innerQSqrtScale(0.1).build(new RandomStream(1));
  }

  private static JavaRDD<DataBlock> blocks() {
    return Blocks.of(SparkTestSession.context(), DATA, 5, 13).cache();
  }

  /** The final full-data bound of the Trainer's run and of the data-parallel run. */
  private static <T extends Module & VariationalModel> void followsTrainer(ModuleFactory<T> factory) {
    T reference = factory.get();
    Adam refAdam = new Adam(reference).learningRate(0.01);
    new Trainer(new Elbo(reference, DATA), new RandomStream(SEED)).batchSize(BATCH).adam(refAdam, STEPS);

    DataParallelTrainer<T> trainer = new DataParallelTrainer<>(blocks(), N, factory, SEED).batchSize(BATCH);
    Adam adam = new Adam(trainer.model()).learningRate(0.01);
    trainer.adam(adam, STEPS);

    double expected = new Elbo(reference, DATA).evaluate(null, new RandomStream(99)).scalar();
    double got = new Elbo(trainer.model(), DATA).evaluate(null, new RandomStream(99)).scalar();
    assertEquals(expected, got, 1e-9 * Math.abs(expected), "full-data bound after " + STEPS + " steps");
    double rel = TestData.relativeError(ParameterVector.trainable(reference).values(),
        ParameterVector.trainable(trainer.model()).values());
    assertTrue(rel < 1e-9, "parameters differ by " + rel);
    // The run really moved the parameters (a no-op trainer would fail the comparison above too).
    double moved = TestData.relativeError(ParameterVector.trainable(factory.get()).values(),
        ParameterVector.trainable(trainer.model()).values());
    assertTrue(moved > 1e-3, "parameters moved by only " + moved);
  }

  @Test
  void svgpFollowsSingleMachineTrainerFor50Steps() {
    followsTrainer(svgp());
  }

  @Test
  void deepGpFollowsSingleMachineTrainerFor50Steps() {
    followsTrainer(deepGp());
  }

  @Test
  void aWrongRowCountIsRefused() {
    DataParallelTrainer<SVGP> t = new DataParallelTrainer<>(blocks(), N + 1, svgp(), SEED).batchSize(BATCH);
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> t.adam(new Adam(t.model()), 1));
    assertTrue(e.getMessage().contains("N = " + (N + 1)), e.getMessage());
  }

  @Test
  void fullBatchDeepGpStepsFollowTheTrainer() {
    DeepGP reference = deepGp().get();
    Adam refAdam = new Adam(reference).learningRate(0.01);
    new Trainer(new Elbo(reference, DATA), new RandomStream(SEED)).adam(refAdam, 5);
    DataParallelTrainer<DeepGP> trainer = new DataParallelTrainer<>(blocks(), N, deepGp(), SEED);
    Adam adam = new Adam(trainer.model()).learningRate(0.01);
    trainer.adam(adam, 5);
    double rel = TestData.relativeError(ParameterVector.trainable(reference).values(),
        ParameterVector.trainable(trainer.model()).values());
    assertTrue(rel < 1e-12, "parameters differ by " + rel);
  }

  @Test
  void resumingAfterAStoppedJobContinuesExactly(@TempDir Path dir) {
    DataParallelTrainer<SVGP> whole = new DataParallelTrainer<>(blocks(), N, svgp(), SEED).batchSize(BATCH);
    Adam wholeAdam = new Adam(whole.model()).learningRate(0.01);
    whole.adam(wholeAdam, 30);

    // First job: 20 steps with checkpoints every 10, then "killed" (everything dropped).
    DataParallelTrainer<SVGP> first = new DataParallelTrainer<>(blocks(), N, svgp(), SEED).batchSize(BATCH)
        .checkpointTo(new CheckpointManager(dir, 3), 10);
    first.adam(new Adam(first.model()).learningRate(0.01), 20);

    // Second job: fresh driver objects, resume from the folder, 10 more steps.
    DataParallelTrainer<SVGP> second = new DataParallelTrainer<>(blocks(), N, svgp(), SEED).batchSize(BATCH)
        .checkpointTo(new CheckpointManager(dir, 3), 10);
    Adam adam = new Adam(second.model()).learningRate(0.01);
    assertEquals(20, second.resume(adam).orElseThrow());
    second.adam(adam, 10);
    assertArrayEquals(ParameterVector.trainable(whole.model()).values(), ParameterVector.trainable(second.model()).values());
    assertEquals(30, adam.stepCount());
  }

  @Test
  void aSingleMachineTrainerResumesFromADataParallelCheckpoint(@TempDir Path dir) {
    DataParallelTrainer<SVGP> spark = new DataParallelTrainer<>(blocks(), N, svgp(), SEED).batchSize(BATCH)
        .checkpointTo(new CheckpointManager(dir, 2), 0);
    spark.adam(new Adam(spark.model()).learningRate(0.01), 10);

    SVGP local = svgp().get();
    Trainer t = new Trainer(new Elbo(local, DATA), new RandomStream(SEED)).batchSize(BATCH)
        .checkpointTo(new CheckpointManager(dir, 2), 0, 0);
    Adam adam = new Adam(local).learningRate(0.01);
    assertEquals(10, t.resume(adam).orElseThrow());
    assertArrayEquals(ParameterVector.trainable(spark.model()).values(), ParameterVector.trainable(local).values());
  }
}
