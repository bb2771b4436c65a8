package bms.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The initialisations have the variances their papers prescribe, and the same seed gives the same weights. */
class InitTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(10);
  }

  private static double meanSquare(Matrix w) {
    double s = 0;
    for (double v : w.data()) s += v * v;
    return s / w.size();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void variancesMatchTheirFormulas(long seed) {
    RandomCases r = new RandomCases(seed);
    int fanIn = r.dim(20, 200), fanOut = r.dim(20, 200);
    SplittableRandom rng = new SplittableRandom(seed);
    // 40,000 draws: the sample variance is within 3% of the true one with overwhelming probability.
    int rows = 200, cols = 200;
    assertEquals(2.0 / fanIn, meanSquare(Init.HE_NORMAL.sample(rows, cols, fanIn, fanOut, rng)), 0.03 * 2.0 / fanIn);
    assertEquals(1.0 / fanIn, meanSquare(Init.LECUN_NORMAL.sample(rows, cols, fanIn, fanOut, rng)),
        0.03 * 1.0 / fanIn);
    Matrix g = Init.GLOROT_UNIFORM.sample(rows, cols, fanIn, fanOut, rng);
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    assertEquals(2.0 / (fanIn + fanOut), meanSquare(g), 0.03 * 2.0 / (fanIn + fanOut));
    for (double v : g.data()) assertTrue(Math.abs(v) <= limit, "Glorot draw " + v + " outside +-" + limit);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theSameSeedGivesTheSameNetwork(long seed) {
    Dense a = new Dense(5, 3, Init.HE_NORMAL, new SplittableRandom(seed));
    Dense b = new Dense(5, 3, Init.HE_NORMAL, new SplittableRandom(seed));
    Dense c = new Dense(5, 3, Init.HE_NORMAL, new SplittableRandom(seed + 1));
    assertEquals(0.0, a.weights().value().maxAbsDiff(b.weights().value()));
    assertTrue(a.weights().value().maxAbsDiff(c.weights().value()) > 0);
  }
}
