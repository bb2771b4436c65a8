package bms.invariance.lastlayer;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.data.Dataset;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;

/**
 * A classifier built on orbit-averaged network features: what trains it, and what it predicts.
 * Labels are N x 1 class indices 0..C-1. Orbit noise comes from each evaluation's stream
 * ({@link bms.invariance.models.OrbitNoise}), so training is a function of the seed.
 */
public interface NetworkClassifier {

  /** The root of the parameters (network, orbit ranges, last layer). */
  Module module();

  /** C, the number of classes. */
  int numClasses();

  OrbitAveragedFeatures features();

  /** The objective training maximises, on minibatches of {@code train}. */
  Objective objective(Dataset train);

  /**
   * The training objective per point on all of {@code train} (no minibatch noise, orbit noise
   * from {@code rng}).
   */
  double objectivePerPoint(Dataset train, RandomStream rng);

  /**
   * Scores (N* x C, the predicted class is the largest) and the log density of the test labels
   * under the model's own predictive (N* x 1), after conditioning on {@code train} where the
   * model has a posterior to form.
   */
  Scores predict(Dataset train, Dataset test, RandomStream rng);

  /** Class scores and per-point log predictive densities. */
  record Scores(Matrix scores, Matrix logDensity) {}
}
