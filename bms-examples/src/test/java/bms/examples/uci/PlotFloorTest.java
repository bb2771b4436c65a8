package bms.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlotFloorTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** A converging curve: very low at first, then rising to a plateau with noise. */
  @ParameterizedTest
  @MethodSource("seeds")
  void keepsEverythingAfterTheFirstStepsAndHidesOnlyTheStart(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(200, 3000);
    double start = -5 - 50 * rc.rng().nextDouble();
    double end = rc.rng().nextGaussian();
    // Fast enough that 95% of the rise happens in the first 5% of the steps.
    double rate = 60 + 140 * rc.rng().nextDouble();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = end + (start - end) * Math.exp(-rate * i / n) + 0.01 * rc.rng().nextGaussian();
    }
    double floor = UciCommand.plotFloor(v);
    for (int i = n / 20; i < n; i++) {
      assertTrue(v[i] >= floor, "value " + i + " of " + n + " hidden");
    }
    assertTrue(v[0] < floor, "the first value " + v[0] + " should fall below the floor " + floor);
    assertEquals(Double.NEGATIVE_INFINITY, UciCommand.plotFloor(java.util.Arrays.copyOf(v, 150)),
        "short traces are drawn whole");
  }
}
