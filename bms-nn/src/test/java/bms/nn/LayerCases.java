package bms.nn;

import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Seeded random layers of every kind, with random shapes, for the property tests. */
final class LayerCases {
  static final List<String> KINDS = List.of("dense", "conv", "conv-strided", "relu", "tanh", "softplus",
      "average-pooling", "max-pooling", "flatten", "sequential");

  private LayerCases() {}

  static Stream<Arguments> arguments(int seedsPerKind) {
    return KINDS.stream().flatMap(k -> RandomCases.seeds(seedsPerKind).map(s -> Arguments.of(k, s)));
  }

  /** A layer and the number of input columns it reads. */
  record LayerCase(Layer layer, int inputSize) {}

  static LayerCase make(String kind, long seed) {
    RandomCases c = new RandomCases(seed);
    SplittableRandom rng = new SplittableRandom(seed);
    ImageShape image = ImageShape.interleaved(c.dim(3, 6), c.dim(3, 6), c.dim(1, 3));
    int d = c.dim(1, 7);
    return switch (kind) {
      case "dense" -> new LayerCase(new Dense(d, c.dim(1, 6), Init.GLOROT_UNIFORM, rng), d);
      case "conv" -> new LayerCase(new Conv2d(image, PatchShape.of(c.dim(1, 3), c.dim(1, 3)), c.dim(1, 4),
          Init.HE_NORMAL, rng), image.size());
      case "conv-strided" -> new LayerCase(new Conv2d(image, new PatchShape(2, 2, c.dim(1, 2), c.dim(1, 2)),
          c.dim(1, 3), Init.LECUN_NORMAL, rng), image.size());
      case "relu" -> new LayerCase(Activation.relu(), d);
      case "tanh" -> new LayerCase(Activation.tanh(), d);
      case "softplus" -> new LayerCase(Activation.softplus(), d);
      case "average-pooling" -> new LayerCase(new AveragePooling(image, c.dim(1, 3), c.dim(1, 2)), image.size());
      case "max-pooling" -> new LayerCase(new MaxPooling(image, c.dim(1, 3), c.dim(1, 2)), image.size());
      case "flatten" -> new LayerCase(new Flatten(image), image.size());
      case "sequential" -> {
        ImageShape gray = ImageShape.interleaved(c.dim(5, 7), c.dim(5, 7), 1);
        Conv2d conv = new Conv2d(gray, PatchShape.of(2, 2), 2, Init.HE_NORMAL, rng);
        AveragePooling pool = new AveragePooling(conv.outputShape(), 2);
        int flat = pool.outputShape().size();
        yield new LayerCase(new Sequential(gray.size(), conv, Activation.tanh(), pool, new Flatten(pool.outputShape()),
            new Dense(flat, 3, Init.GLOROT_UNIFORM, rng), Activation.softplus()), gray.size());
      }
      default -> throw new IllegalArgumentException("unknown layer kind " + kind);
    };
  }
}
