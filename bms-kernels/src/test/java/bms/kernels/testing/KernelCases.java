package bms.kernels.testing;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.ArcCosine;
import bms.kernels.Constant;
import bms.kernels.Cosine;
import bms.kernels.Kernel;
import bms.kernels.Linear;
import bms.kernels.Matern12;
import bms.kernels.Matern32;
import bms.kernels.Matern52;
import bms.kernels.Periodic;
import bms.kernels.Polynomial;
import bms.kernels.Product;
import bms.kernels.RationalQuadratic;
import bms.kernels.SquaredExponential;
import bms.kernels.Sum;
import bms.kernels.White;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import bms.kernels.convolutional.Tick;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded random instances of every kernel family with inputs of matching width, for the property
 * tests. A case is reproduced by (family, seed) alone.
 */
public final class KernelCases {
  private KernelCases() {}

  /** A kernel with two input sets X (n x d) and X2 (m x d). */
  public record KernelCase(String family, Kernel kernel, Matrix x, Matrix x2, boolean stationary) {
    @Override
    public String toString() {
      return family;
    }
  }

  private record Family(String name, boolean stationary, boolean images, Function<Ctx, Kernel> make) {}

  /** What a factory sees: the random source, the input width and (image families) the image shape. */
  public record Ctx(RandomCases rc, int dim, ImageShape image) {
    Matrix lengthscales(double lo, double hi) {
      return rc.rng().nextBoolean() ? rc.positive(1, dim, lo, hi) : rc.positive(1, 1, lo, hi);
    }

    double in(double lo, double hi) {
      return lo + (hi - lo) * rc.rng().nextDouble();
    }
  }

  private static final List<Family> FAMILIES = List.of(
      new Family("SquaredExponential", true, false, c -> new SquaredExponential(c.in(0.5, 2), c.lengthscales(0.5, 2))),
      new Family("Matern12", true, false, c -> new Matern12(c.in(0.5, 2), c.lengthscales(0.5, 2))),
      new Family("Matern32", true, false, c -> new Matern32(c.in(0.5, 2), c.lengthscales(0.5, 2))),
      new Family("Matern52", true, false, c -> new Matern52(c.in(0.5, 2), c.lengthscales(0.5, 2))),
      new Family("RationalQuadratic", true, false,
          c -> new RationalQuadratic(c.in(0.5, 2), c.lengthscales(0.5, 2), c.in(0.3, 3))),
      new Family("Periodic", true, false,
          c -> new Periodic(c.in(0.5, 2), c.lengthscales(0.5, 2), c.lengthscales(0.5, 3))),
      new Family("Cosine", true, false, c -> new Cosine(c.in(0.5, 2), c.lengthscales(1, 4))),
      new Family("Linear", false, false, c -> new Linear(c.lengthscales(0.2, 1.5))),
      new Family("Polynomial", false, false,
          c -> new Polynomial(1 + c.rc().rng().nextInt(3), c.lengthscales(0.1, 0.6), c.in(0.1, 1), null)),
      new Family("ArcCosine0", false, false, c -> arcCosine(0, c)),
      new Family("ArcCosine1", false, false, c -> arcCosine(1, c)),
      new Family("ArcCosine2", false, false, c -> arcCosine(2, c)),
      new Family("Constant", true, false, c -> new Constant(c.in(0.5, 2))),
      new Family("White", true, false, c -> new White(c.in(0.5, 2))),
      new Family("ActiveDimsMatern52", true, false, c -> new Matern52(c.in(0.5, 2), Matrix.scalar(c.in(0.5, 2)),
          subset(c))),
      new Family("Sum", true, false, c -> new Sum(new SquaredExponential(c.in(0.5, 2), c.lengthscales(0.5, 2)),
          new Matern12(c.in(0.5, 2), Matrix.scalar(c.in(0.5, 2)), subset(c)), new White(c.in(0.1, 1)))),
      new Family("Product", true, false, c -> new Product(new Matern32(c.in(0.5, 2), c.lengthscales(0.5, 2)),
          new Periodic(c.in(0.5, 2), c.lengthscales(0.5, 2), c.lengthscales(0.5, 3)))),
      new Family("SumProductNonStationary", false, false, c -> new Sum(new Product(new Linear(c.in(0.2, 1)),
          new RationalQuadratic(c.in(0.5, 2), c.lengthscales(0.5, 2), c.in(0.3, 3))), new ArcCosine(1))),
      new Family("Convolutional", false, true, c -> new Convolutional(new SquaredExponential(c.in(0.5, 2),
          c.in(1, 3)), image(c), patch(c))),
      new Family("WeightedConvolutional", false, true, c -> {
        Convolutional k = Convolutional.weighted(new Matern52(c.in(0.5, 2), c.in(1, 3)), image(c), patch(c));
        k.weights().assign(c.rc().uniform(k.numPatches(), 1, -1, 2));
        return k;
      }),
      new Family("Tick", false, true, c -> {
        Tick k = new Tick(new Matern32(c.in(0.5, 2), c.in(1, 3)), image(c), patch(c), true, c.in(0.3, 1.5), null);
        k.weights().assign(c.rc().uniform(k.numPatches(), 1, -1, 2));
        return k;
      }));

  private static ArcCosine arcCosine(int order, Ctx c) {
    return new ArcCosine(order, c.in(0.5, 2), c.lengthscales(0.3, 1.5), c.in(0.1, 1), null);
  }

  /** A random non-empty, sorted subset of the columns. */
  private static int[] subset(Ctx c) {
    int d = c.dim();
    int count = 1 + c.rc().rng().nextInt(d);
    int[] all = new int[d];
    for (int i = 0; i < d; i++) all[i] = i;
    for (int i = d - 1; i > 0; i--) {
      int j = c.rc().rng().nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = java.util.Arrays.copyOf(all, count);
    java.util.Arrays.sort(out);
    return out;
  }

  private static ImageShape image(Ctx c) {
    return c.image();
  }

  private static PatchShape patch(Ctx c) {
    ImageShape s = image(c);
    int h = 1 + c.rc().rng().nextInt(Math.min(3, s.height()));
    int w = 1 + c.rc().rng().nextInt(Math.min(3, s.width()));
    return new PatchShape(h, w, 1 + c.rc().rng().nextInt(2), 1 + c.rc().rng().nextInt(2));
  }

  private static final ImageShape[] IMAGE_SHAPES = {
      ImageShape.interleaved(3, 3, 1), ImageShape.interleaved(4, 3, 1), ImageShape.interleaved(3, 4, 2), ImageShape.interleaved(4, 4, 1)};

  /** The family names. */
  public static List<String> families() {
    return FAMILIES.stream().map(Family::name).toList();
  }

  /** (family, seed) pairs for {@code @MethodSource}. */
  public static Stream<Arguments> arguments(int seedsPerFamily) {
    return FAMILIES.stream().flatMap(f -> RandomCases.seeds(seedsPerFamily).map(s -> Arguments.of(f.name(), s)));
  }

  /** (family, seed) pairs for the stationary families only. */
  public static Stream<Arguments> stationaryArguments(int seedsPerFamily) {
    return FAMILIES.stream().filter(Family::stationary)
        .flatMap(f -> RandomCases.seeds(seedsPerFamily).map(s -> Arguments.of(f.name(), s)));
  }

  /** The case for a family and seed: a kernel, X (2..7 rows) and X2 (1..5 rows). */
  public static KernelCase make(String family, long seed) {
    Family f = FAMILIES.stream().filter(x -> x.name().equals(family)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no kernel family " + family));
    RandomCases rc = new RandomCases(seed);
    if (f.images()) {
      ImageShape shape = IMAGE_SHAPES[rc.rng().nextInt(IMAGE_SHAPES.length)];
      Kernel k = f.make().apply(new Ctx(rc, shape.size(), shape));
      int cols = shape.size();
      // Pixel values in [0, 1], as in real images: patch distances stay comparable to the
      // lengthscales, so the kernel and its gradients are not all vanishingly small.
      return new KernelCase(family, k, rc.uniform(rc.dim(2, 4), cols, 0, 1), rc.uniform(rc.dim(1, 3), cols, 0, 1),
          false);
    }
    int d = rc.dim(1, 4);
    Kernel k = f.make().apply(new Ctx(rc, d, null));
    return new KernelCase(family, k, rc.matrix(rc.dim(2, 7), d), rc.matrix(rc.dim(1, 5), d), f.stationary());
  }
}
