package bms.invariance.lastlayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.InterpretableAffineOrbit;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.orbits.SampledOrbit;
import bms.kernels.testing.ParameterGradCheck;
import bms.nn.Activation;
import bms.nn.AveragePooling;
import bms.nn.Conv2d;
import bms.nn.Dense;
import bms.nn.Flatten;
import bms.nn.Init;
import bms.nn.Sequential;
import bms.kernels.convolutional.PatchShape;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The last-layer and cross-entropy classifiers: their objectives have exact gradients with
 * respect to the network's weights, the orbit's ranges and the last layer's variances (orbit
 * noise fixed), equal the formulas they name, scale minibatches by N/B, and keep the fixed
 * augmentation fixed.
 */
class NetworkClassifierTest {
  static final int CLASSES = 3;

  static Stream<Long> seeds() {
    return RandomCases.seeds(8);
  }

  /** Features on 6 x 6 images: conv 3x3 (2 filters), tanh, 2x2 average pool, dense to F, softplus. */
  static OrbitAveragedFeatures features(long seed, boolean affine) {
    RandomCases r = new RandomCases(seed);
    SplittableRandom rng = new SplittableRandom(seed);
    ImageShape shape = ImageShape.gray(6, 6);
    SampledOrbit orbit = affine
        ? new InterpretableAffineOrbit(shape, InterpretableAffineOrbit.Ranges.small(0.2), r.dim(1, 3),
            EpsilonSource.fixed(seed))
        : new RotationOrbit(shape, 20 + 100 * r.rng().nextDouble(), r.dim(1, 3), EpsilonSource.fixed(seed));
    bms.kernels.image.ImageShape image = bms.kernels.image.ImageShape.gray(6, 6);
    Conv2d conv = new Conv2d(image, PatchShape.of(3, 3), 2, Init.HE_NORMAL, rng);
    AveragePooling pool = new AveragePooling(conv.outputShape(), 2);
    int f = r.dim(2, 4);
    Sequential net = new Sequential(36, conv, Activation.tanh(), pool, new Flatten(pool.outputShape()),
        new Dense(pool.outputShape().size(), f, Init.GLOROT_UNIFORM, rng), Activation.softplus());
    return new OrbitAveragedFeatures(36, orbit, net);
  }

  static Dataset data(long seed, int n) {
    RandomCases r = new RandomCases(seed + 3);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) y.set(i, 0, i % CLASSES);
    return new Dataset(r.uniform(n, 36, 0, 1), y);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void lastLayerObjectiveHasExactGradientsForEveryParameter(long seed) {
    LastLayerClassifier m = new LastLayerClassifier(features(seed, seed % 2 == 0),
        new BayesianLinearRegression(0.3, 1.5), CLASSES);
    assertTrue(m.trainableParameters().keySet().stream().anyMatch(k -> k.startsWith("features.orbit.")),
        "the orbit's ranges are trained");
    Dataset d = data(seed, 7);
    var objective = m.objective(d);
    ParameterGradCheck.assertGradients(m, () -> objective.evaluate(null, new RandomStream(seed)), 2e-5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void crossEntropyObjectiveHasExactGradientsAndAFixedAugmentation(long seed) {
    OrbitAveragedFeatures f = features(seed, false);
    double angle = ((RotationOrbit) f.orbit()).angle().scalar();
    CrossEntropyClassifier m = new CrossEntropyClassifier(f,
        new Dense(f.featureSize(), CLASSES, Init.LECUN_NORMAL, new SplittableRandom(seed)));
    assertFalse(m.trainableParameters().keySet().stream().anyMatch(k -> k.startsWith("features.orbit.")),
        "the augmentation range is fixed");
    Dataset d = data(seed, 6);
    var objective = m.objective(d);
    ParameterGradCheck.assertGradients(m, () -> objective.evaluate(null, new RandomStream(seed)), 2e-5);
    assertEquals(angle, ((RotationOrbit) f.orbit()).angle().scalar());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void objectivesAreTheirFormulasAndScaleMinibatches(long seed) {
    Dataset d = data(seed, 9);
    LastLayerClassifier ll = new LastLayerClassifier(features(seed, false), new BayesianLinearRegression(0.3, 1.5),
        CLASSES);
    Matrix phi = ll.features().features(Var.constant(d.x())).value();
    double lml = ll.lastLayer().logMarginalLikelihood(Var.constant(phi), Batches.oneHot(d.y(), CLASSES)).scalar();
    assertEquals(lml, ll.objective(d).evaluate(null, new RandomStream(1)).scalar(), 1e-9 * Math.abs(lml));
    int[] batch = {0, 4, 5};
    Dataset sub = d.subset(batch);
    double lmlSub = ll.logMarginalLikelihood(sub.x(), sub.y()).scalar();
    assertEquals(3 * lmlSub, ll.objective(d).evaluate(batch, new RandomStream(1)).scalar(), 1e-9 * Math.abs(lmlSub));

    OrbitAveragedFeatures f = features(seed, false);
    CrossEntropyClassifier ce = new CrossEntropyClassifier(f,
        new Dense(f.featureSize(), CLASSES, Init.LECUN_NORMAL, new SplittableRandom(seed)));
    Matrix logits = ce.logits(Var.constant(d.x())).value();
    double ll2 = 0;
    for (int i = 0; i < d.size(); i++) {
      double norm = 0;
      for (int c = 0; c < CLASSES; c++) norm += Math.exp(logits.get(i, c));
      ll2 += logits.get(i, (int) d.y().get(i, 0)) - Math.log(norm);
    }
    assertEquals(ll2, ce.objective(d).evaluate(null, new RandomStream(1)).scalar(), 1e-9 * Math.abs(ll2));
    NetworkClassifier.Scores s = ce.predict(d, d, new RandomStream(2));
    for (int i = 0; i < d.size(); i++) {
      double total = 0;
      for (int c = 0; c < CLASSES; c++) total += s.scores().get(i, c);
      assertEquals(1.0, total, 1e-12);
      assertEquals(Math.log(s.scores().get(i, (int) d.y().get(i, 0))), s.logDensity().get(i, 0), 1e-12);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void refusesBadLabelsAndImages(long seed) {
    LastLayerClassifier m = new LastLayerClassifier(features(seed, false), new BayesianLinearRegression(0.3, 1.5),
        CLASSES);
    Dataset d = data(seed, 5);
    Matrix bad = d.y().copy();
    bad.set(2, 0, CLASSES);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.objective(new Dataset(d.x(), bad)));
    assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("label 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.features().features(Var.constant(new Matrix(2, 35))));
    assertTrue(e.getMessage().contains("36 columns"), e.getMessage());
  }
}
