package bms.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bms.core.testing.RandomCases;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Lcg48Test {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** Same draws as java.util.Random for bounds of every kind (powers of two, odd, near 2^31). */
  @ParameterizedTest
  @MethodSource("seeds")
  void drawsEqualJavaUtilRandom(long seed) {
    Random reference = new Random(seed);
    Lcg48 ours = new Lcg48(seed);
    int[] bounds = {1, 2, 3, 7, 64, 200, 1000, 1 << 30, Integer.MAX_VALUE, (1 << 30) + 1};
    for (int i = 0; i < 500; i++) {
      int bound = bounds[i % bounds.length];
      assertEquals(reference.nextInt(bound), ours.nextInt(bound), "draw " + i + ", bound " + bound);
      if (i % 7 == 0) assertEquals(reference.nextLong(), ours.nextLong(), "draw " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void restoredStateContinuesIdentically(long seed) {
    Lcg48 a = new Lcg48(seed);
    for (int i = 0; i < seed % 31; i++) a.nextInt(200);
    Lcg48 b = Lcg48.restore(a.state());
    for (int i = 0; i < 50; i++) assertEquals(a.nextLong(), b.nextLong());
  }

  @org.junit.jupiter.api.Test
  void stateOfAnotherAlgorithmOrWidthIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Lcg48.restore(GeneratorState.of("splitmix64", 1, 2)));
    assertThrows(IllegalArgumentException.class, () -> Lcg48.restore(GeneratorState.of(Lcg48.ALGORITHM, 1L << 50)));
  }
}
