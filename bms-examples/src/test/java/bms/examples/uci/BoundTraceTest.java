package bms.examples.uci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BoundTraceTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static BoundTrace random(RandomCases rc, int n) {
    BoundTrace t = new BoundTrace();
    long step = 0;
    for (int i = 0; i < n; i++) {
      step += 1 + rc.rng().nextInt(3);
      t.add(step, rc.rng().nextGaussian() * Math.pow(10, rc.rng().nextInt(8) - 4));
    }
    return t;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void writeThenReadGivesTheSameValuesUpToTheStep(long seed) throws IOException {
    RandomCases rc = new RandomCases(seed);
    BoundTrace t = random(rc, rc.dim(0, 300));
    Path f = dir.resolve("trace-" + seed + ".csv");
    t.write(f);
    BoundTrace all = BoundTrace.read(f, Long.MAX_VALUE);
    assertArrayEquals(t.steps(), all.steps());
    assertArrayEquals(t.values(), all.values(), 0.0);
    long cut = t.size() == 0 ? 0 : t.steps()[rc.rng().nextInt(t.size())];
    BoundTrace head = BoundTrace.read(f, cut);
    long expected = Arrays.stream(t.steps()).filter(s -> s <= cut).count();
    assertEquals(expected, head.size());
    assertTrue(Arrays.stream(head.steps()).allMatch(s -> s <= cut));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void movingAverageIsTheMeanOfTheTrailingWindow(long seed) {
    RandomCases rc = new RandomCases(seed);
    BoundTrace t = random(rc, rc.dim(1, 80));
    int w = rc.dim(1, 20);
    double[] v = t.values();
    double[] avg = t.movingAverage(w);
    for (int i = 0; i < v.length; i++) {
      int lo = Math.max(0, i - w + 1);
      double s = 0;
      for (int j = lo; j <= i; j++) s += v[j];
      assertEquals(s / (i - lo + 1), avg[i], 1e-9 * (1 + Math.abs(s)));
    }
  }

  @Test
  void refusesDecreasingStepsAndMalformedFiles() throws IOException {
    BoundTrace t = new BoundTrace();
    t.add(5, 1.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.add(5, 2.0));
    assertTrue(e.getMessage().contains("5 after 5"), e.getMessage());
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "step,bound\n1,0.5\n2;x\n");
    IOException io = assertThrows(IOException.class, () -> BoundTrace.read(f, 10));
    assertTrue(io.getMessage().contains("line 3"), io.getMessage());
    Files.writeString(f, "a,b\n");
    assertThrows(IOException.class, () -> BoundTrace.read(f, 10));
  }
}
