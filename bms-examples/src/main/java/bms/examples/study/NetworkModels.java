package bms.examples.study;

import bms.kernels.image.ImageShape;
import bms.invariance.lastlayer.BayesianLinearRegression;
import bms.invariance.lastlayer.CrossEntropyClassifier;
import bms.invariance.lastlayer.LastLayerClassifier;
import bms.invariance.lastlayer.OrbitAveragedFeatures;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.RotationOrbit;
import bms.kernels.convolutional.PatchShape;
import bms.nn.Activation;
import bms.nn.Conv2d;
import bms.nn.Dense;
import bms.nn.Flatten;
import bms.nn.Init;
import bms.nn.Layer;
import bms.nn.MaxPooling;
import bms.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The network candidates of the MNIST studies (Schwobel et al. 2022): a small CNN sees every digit
 * under S rotations a ~ U(-alpha, alpha), its features averaged over them, and either
 * <ul>
 *   <li>{@code nn-lastlayer}: a Bayesian linear last layer on one-hot labels whose marginal
 *       likelihood trains the CNN, alpha and the layer's two variances, or</li>
 *   <li>{@code nn-crossentropy}: a softmax layer trained by cross-entropy, alpha fixed at its
 *       starting value (a hand-chosen augmentation).</li>
 * </ul>
 * The CNN (the same for both, from the same seed): conv 3x3 (5x5 on digits wider than 16) with 8
 * filters, ReLU, 2x2 max pooling, conv 3x3 with 16 filters, ReLU, 2x2 max pooling (smaller windows
 * where tiny digits leave no room), flatten, dense
 * to {@link #FEATURES} features, tanh (bounded features keep the last layer well conditioned).
 */
public final class NetworkModels {
  static final int FEATURES = 32;
  /** Starting noise and prior variances of the last layer (one-hot targets have variance 0.09). */
  static final double NOISE_VARIANCE = 0.1;
  static final double PRIOR_VARIANCE = 1.0;

  private NetworkModels() {}

  /** The CNN feature extractor for square gray digits of the given side. */
  public static Sequential cnn(int side, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    bms.kernels.image.ImageShape image = bms.kernels.image.ImageShape.gray(side, side);
    int first = side > 16 ? 5 : 3;
    List<Layer> layers = new ArrayList<>();
    Conv2d c1 = new Conv2d(image, PatchShape.of(first, first), 8, Init.HE_NORMAL, rng);
    MaxPooling p1 = new MaxPooling(c1.outputShape(), 2);
    int second = Math.min(3, p1.outputShape().height()); // tiny test digits: shrink to fit
    Conv2d c2 = new Conv2d(p1.outputShape(), PatchShape.of(second, second), 16, Init.HE_NORMAL, rng);
    MaxPooling p2 = new MaxPooling(c2.outputShape(), Math.min(2, c2.outputShape().height()));
    layers.add(c1);
    layers.add(Activation.relu());
    layers.add(p1);
    layers.add(c2);
    layers.add(Activation.relu());
    layers.add(p2);
    layers.add(new Flatten(p2.outputShape()));
    layers.add(new Dense(p2.outputShape().size(), FEATURES, Init.GLOROT_UNIFORM, rng));
    layers.add(Activation.tanh());
    return new Sequential(image.size(), layers);
  }

  private static OrbitAveragedFeatures features(ImageShape shape, double initialDegrees, int samples, long seed) {
    RotationOrbit orbit = new RotationOrbit(shape, initialDegrees, samples, EpsilonSource.perEvaluation());
    return new OrbitAveragedFeatures(shape.size(), orbit, cnn(shape.height(), seed));
  }

  /** The CNN with a learned rotation range and a Bayesian linear last layer. */
  public static StudyModel lastLayer(ImageShape shape, double initialDegrees, int samples, long seed) {
    OrbitAveragedFeatures f = features(shape, initialDegrees, samples, seed);
    LastLayerClassifier c = new LastLayerClassifier(f,
        new BayesianLinearRegression(NOISE_VARIANCE, PRIOR_VARIANCE), StudyModels.CLASSES);
    RotationOrbit orbit = (RotationOrbit) f.orbit();
    return new StudyModel("nn-lastlayer", "CNN features averaged over learned rotations, Bayesian linear last layer"
        + " on one-hot labels (trained by its marginal likelihood; test mlpd is a Gaussian density of the one-hot"
        + " vector, bound is the last layer's log marginal likelihood)", c, orbit,
        Map.of("angle", () -> orbit.angle().scalar()));
  }

  /** The same CNN and rotations, a softmax layer trained by cross-entropy, the range fixed. */
  public static StudyModel crossEntropy(ImageShape shape, double fixedDegrees, int samples, long seed) {
    OrbitAveragedFeatures f = features(shape, fixedDegrees, samples, seed);
    CrossEntropyClassifier c = new CrossEntropyClassifier(f,
        new Dense(FEATURES, StudyModels.CLASSES, Init.LECUN_NORMAL, new SplittableRandom(seed).split()));
    RotationOrbit orbit = (RotationOrbit) f.orbit();
    return new StudyModel("nn-crossentropy", "CNN features averaged over rotations in a fixed range, softmax layer"
        + " trained by cross-entropy (bound column: training log-likelihood per point, not a bound)", c, orbit,
        Map.of("angle", () -> orbit.angle().scalar()));
  }
}
