package bms.dgp.training;

import static bms.dgp.training.TrainingFixture.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.models.DeepConvolutionalGPBuilder;
import bms.dgp.models.DeepGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.kernels.image.ImageShape;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A deep convolutional GP (two hidden convolutional layers and a convolutional or TICK output)
 * trained 2n steps equals one trained n steps, checkpointed, restored into a differently
 * initialised copy and trained n more: parameters and Adam moments bit for bit.
 */
class DeepConvolutionalResumeTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(3);
  }

  private record Setup(DeepGP model, Adam adam, Trainer trainer) {}

  private static Setup setup(Dataset data, ImageShape image, long seed, long initSeed, boolean tick) {
    DeepGP model = new DeepConvolutionalGPBuilder(data.x(), image, new MultiClass(3), 1)
        .hidden(2, 3, 1, 1)
        .hidden(2, 2, 1, 0)
        .output(tick ? DeepConvolutionalGPBuilder.Output.TICK : DeepConvolutionalGPBuilder.Output.WEIGHTED, 2, 1)
        .numInducing(4).numSamples(2).innerQSqrtScale(0.3)
        .build(new RandomStream(initSeed));
    Adam adam = new Adam(model).learningRate(0.01);
    Trainer trainer = new Trainer(new Elbo(model, data), new RandomStream(seed)).batchSize(3);
    return new Setup(model, adam, trainer);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void resumedTrainingContinuesBitForBit(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = ImageShape.interleaved(5, 5, 1);
    Matrix x = rc.uniform(7, image.size(), 0, 1);
    Matrix y = new Matrix(x.rows(), 1);
    for (int i = 0; i < y.size(); i++) y.data()[i] = rc.rng().nextInt(3);
    Dataset data = new Dataset(x, y);
    boolean tick = Math.floorMod(seed, 2L) == 1;
    int n = 3;

    Setup straight = setup(data, image, seed, seed, tick);
    straight.trainer().adam(straight.adam(), 2L * n);

    Setup first = setup(data, image, seed, seed, tick);
    first.trainer().checkpointTo(new CheckpointManager(dir, 2), n, 0);
    first.trainer().adam(first.adam(), n);

    Setup resumed = setup(data, image, seed, seed + 99, tick);
    Map<String, Matrix> fresh = values(resumed.model());
    resumed.trainer().checkpointTo(new CheckpointManager(dir, 2), 0, 0);
    assertEquals(n, resumed.trainer().resume(resumed.adam()).getAsLong());
    assertNotEquals(fresh.get("layers[0].inducing.Z").get(0, 0), values(resumed.model()).get("layers[0].inducing.Z")
        .get(0, 0), "the checkpoint replaced the other initial values");
    resumed.trainer().adam(resumed.adam(), n);

    Map<String, Matrix> expected = values(straight.model()), actual = values(resumed.model());
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> assertArrayEquals(v.data(), actual.get(k).data(), "parameter " + k + " differs"));
    var a = straight.adam().exportState();
    var b = resumed.adam().exportState();
    assertEquals(a.step(), b.step());
    a.firstMoments().forEach((k, v) -> assertArrayEquals(v, b.firstMoments().get(k), k));
    a.secondMoments().forEach((k, v) -> assertArrayEquals(v, b.secondMoments().get(k), k));
  }
}
