package bms.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** summary.json round-trips: what is written reads back equal, value for value. */
class SummaryJsonTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  /** A random JSON value as Jackson reads it back: maps, lists, strings, ints, longs, doubles. */
  private static Object randomValue(Random rng, int depth) {
    int kind = rng.nextInt(depth > 2 ? 5 : 7);
    return switch (kind) {
      case 0 -> rng.nextInt();
      case 1 -> rng.nextLong() | (1L << 40); // beyond int, comes back as Long
      case 2 -> rng.nextGaussian() * Math.pow(10, rng.nextInt(40) - 20);
      case 3 -> "s" + rng.nextInt(1000) + (rng.nextBoolean() ? " \"quoted\"\n\u00e9" : "");
      case 4 -> rng.nextBoolean();
      case 5 -> {
        List<Object> l = new ArrayList<>();
        for (int i = rng.nextInt(5); i > 0; i--) {
          l.add(randomValue(rng, depth + 1));
        }
        yield l;
      }
      default -> randomMap(rng, depth + 1);
    };
  }

  private static Map<String, Object> randomMap(Random rng, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = rng.nextInt(6); i > 0; i--) {
      m.put("k" + rng.nextInt(100), randomValue(rng, depth));
    }
    return m;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void summariesRoundTripThroughTheFile(long seed) throws IOException {
    Random rng = new Random(seed);
    Map<String, String> env = new LinkedHashMap<>(RunSummary.currentEnvironment());
    env.put("backend", "b" + rng.nextInt(3));
    RunSummary s = new RunSummary(RunSummary.FORMAT, "cmd" + rng.nextInt(5),
        List.of("--seed", Long.toString(seed)), rng.nextLong(), "2026-11-27T10:15:30Z",
        rng.nextDouble() * 1000, env, randomMap(rng, 0));
    Path file = SummaryJson.writeInto(dir, s);
    assertEquals(dir.resolve("summary.json"), file);
    RunSummary back = SummaryJson.read(file);
    assertEquals(s, back);
    assertEquals(List.copyOf(s.results().keySet()), List.copyOf(back.results().keySet()), "order kept");
  }

  @Test
  void nonFiniteWallTimeRoundTripsThroughAString() {
    RunSummary s = new RunSummary(RunSummary.FORMAT, "c", List.of(), 1, "t", Double.NaN, Map.of(),
        Map.of("x", 1));
    String json = SummaryJson.toJson(s);
    assertTrue(json.contains("\"NaN\""), json);
    assertTrue(Double.isNaN(SummaryJson.fromJson(json).wallSeconds()));
  }

  @Test
  void recordsInResultsAreWrittenAsObjects() {
    record Point(String name, double bound) {}
    RunSummary s = new RunSummary(RunSummary.FORMAT, "c", List.of(), 1, "t", 1, Map.of(),
        Map.of("model", new Point("svgp", -1.5)));
    RunSummary back = SummaryJson.fromJson(SummaryJson.toJson(s));
    assertEquals(Map.of("name", "svgp", "bound", -1.5), back.results().get("model"));
  }

  @Test
  void otherFormatVersionsAndBrokenJsonAreRefused() {
    String json = SummaryJson.toJson(new RunSummary(RunSummary.FORMAT, "c", List.of(), 1, "t", 1,
        Map.of(), Map.of()));
    IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
        () -> SummaryJson.fromJson(json.replace("\"format\" : 1", "\"format\" : 99")));
    assertTrue(v.getMessage().contains("99"), v.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.fromJson(json.substring(0, json.length() / 2)));
  }
}
