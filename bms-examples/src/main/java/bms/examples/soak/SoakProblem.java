package bms.examples.soak;

import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import java.nio.file.Path;

/**
 * The soak test's training run, a pure function of the seed: a synthetic regression problem
 * (y = sin(x0) + x1 x2 / 2 + 0.1 noise, N points in [-2, 2]^3), a two-layer DeepGP (hidden width
 * 2, M inducing points, S samples) and Adam on minibatches. Every process that builds it with the
 * same arguments gets the same run, so a resumed run can be compared with an uninterrupted one.
 */
final class SoakProblem {
  static final int NUM_DATA = 1000;
  static final int DIM = 3;
  static final int NUM_INDUCING = 24;
  static final int NUM_SAMPLES = 3;
  static final int BATCH = 64;
  static final double LEARNING_RATE = 0.01;
  /** Checkpoints kept in the folder (older ones are pruned). */
  static final int KEEP = 3;

  final DeepGP model;
  final Adam adam;
  final Trainer trainer;

  SoakProblem(long seed, Path checkpoints, double checkpointSeconds) {
    RandomStream rng = new RandomStream(seed);
    RandomStream draws = rng.child("data");
    Matrix x = new Matrix(NUM_DATA, DIM);
    for (int i = 0; i < x.size(); i++) x.data()[i] = -2 + 4 * draws.nextDouble();
    Matrix y = new Matrix(NUM_DATA, 1);
    for (int i = 0; i < NUM_DATA; i++) {
      y.data()[i] = Math.sin(x.get(i, 0)) + 0.5 * x.get(i, 1) * x.get(i, 2) + 0.1 * draws.nextGaussian();
    }
    Dataset data = new Dataset(x, y);
    model = new DeepGPBuilder(x, new Gaussian(0.1), 1).hiddenWidths(2).numInducing(NUM_INDUCING)
        .numSamples(NUM_SAMPLES).build(rng.child("init"));
    adam = new Adam(model).learningRate(LEARNING_RATE);
    trainer = new Trainer(new Elbo(model, data), rng.child("training")).batchSize(BATCH)
        .checkpointTo(new CheckpointManager(checkpoints, KEEP), 0, checkpointSeconds);
  }
}
