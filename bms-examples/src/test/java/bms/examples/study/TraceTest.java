package bms.examples.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Training traces survive a write and read (non-finite values included) and truncate to a step. */
class TraceTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void writeReadAndTruncateKeepEveryValue(long seed) throws IOException {
    RandomCases rc = new RandomCases(seed);
    Trace t = new Trace();
    int steps = rc.dim(0, 40);
    boolean ranged = rc.rng().nextBoolean();
    for (int i = 0; i < steps; i++) {
      Map<String, Double> r = new LinkedHashMap<>();
      if (ranged) {
        r.put("angle", 180 * rc.rng().nextDouble());
        r.put("shiftX", rc.rng().nextDouble());
      }
      double b = rc.rng().nextInt(10) == 0 ? Double.NaN : -10 * rc.rng().nextDouble();
      t.add(b, i + rc.rng().nextDouble(), r);
    }
    Path sub = dir.resolve("s" + seed);
    java.nio.file.Files.createDirectories(sub);
    t.write(sub);
    Trace back = Trace.read(sub);
    assertEquals(steps, back.size());
    assertArrayEquals(t.bound(), back.bound(), 0.0);
    assertEquals(t.seconds(), back.seconds(), 0.0);
    assertEquals(t.rangeNames(), back.rangeNames());
    for (String name : t.rangeNames()) assertArrayEquals(t.range(name), back.range(name), 0.0);
    int keep = rc.dim(0, steps);
    back.truncate(keep);
    assertEquals(keep, back.size());
    for (String name : back.rangeNames()) assertEquals(keep, back.range(name).length);
    assertThrows(IllegalArgumentException.class, () -> back.truncate(keep + 1));
    assertEquals(0, Trace.read(dir.resolve("none")).size(), "no file, empty trace");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void runningMeanIsTheMeanOfTheFiniteValuesInTheWindow(long seed) {
    RandomCases rc = new RandomCases(seed);
    double[] v = new double[rc.dim(1, 60)];
    for (int i = 0; i < v.length; i++) v[i] = rc.rng().nextInt(8) == 0 ? Double.NaN : rc.rng().nextGaussian();
    int w = rc.dim(1, 10);
    double[] m = Study.runningMean(v, w);
    for (int i = 0; i < v.length; i++) {
      double s = 0;
      int k = 0;
      for (int j = Math.max(0, i - w + 1); j <= i; j++) {
        if (Double.isFinite(v[j])) {
          s += v[j];
          k++;
        }
      }
      if (k == 0) assertEquals(Double.NaN, m[i]);
      else assertEquals(s / k, m[i], 1e-9);
    }
  }
}
