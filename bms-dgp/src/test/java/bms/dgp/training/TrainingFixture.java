package bms.dgp.training;

import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.param.Module;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Problems;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One small DeepGP training setup, rebuilt identically in this JVM and in child JVMs. */
final class TrainingFixture {
  static final int BATCH = 5;
  static final double LEARNING_RATE = 0.01;

  final Dataset data;
  final DeepGP model;
  final Adam adam;
  final Trainer trainer;

  /**
   * @param seed fixes the data and the training streams
   * @param initSeed fixes the model's initial values (a resumed run overwrites them)
   */
  TrainingFixture(long seed, long initSeed) {
    RandomCases rc = new RandomCases(seed);
    data = Problems.regression(rc, 14, 3, 1);
    model = new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).hiddenWidths(2).numInducing(4).numSamples(2)
        .innerQSqrtScale(0.3).build(new RandomStream(initSeed));
    adam = new Adam(model).learningRate(LEARNING_RATE);
    trainer = new Trainer(new Elbo(model, data), new RandomStream(seed)).batchSize(BATCH);
  }

  TrainingFixture checkpointTo(Path dir, int keep, long everySteps, double everySeconds) {
    trainer.checkpointTo(new CheckpointManager(dir, keep), everySteps, everySeconds);
    return this;
  }

  static Map<String, Matrix> values(Module m) {
    Map<String, Matrix> out = new LinkedHashMap<>();
    m.parameters().forEach((k, p) -> out.put(k, p.unconstrained()));
    return out;
  }

  /**
   * Child JVM: {@code seed dir steps} resumes the newest checkpoint in dir (built with another
   * initial model so that only the checkpoint can make it agree), trains, and saves.
   */
  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    TrainingFixture f = new TrainingFixture(seed, seed + 12345).checkpointTo(Path.of(args[1]), 2, 0, 0);
    long from = f.trainer.resume(f.adam).orElseThrow(() -> new IllegalStateException("no checkpoint in " + args[1]));
    TrainingResult r = f.trainer.adam(f.adam, Long.parseLong(args[2]));
    if (r.status() != TrainingResult.Status.COMPLETED) {
      System.err.println(r.message());
      System.exit(2);
    }
    System.out.println("resumed at " + from + ", now at " + f.adam.stepCount());
  }
}
