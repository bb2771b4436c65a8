package bms.examples.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.BenchmarkRegistry;
import bms.examples.BmsCommand;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bms select} on yacht with tiny fits. */
class SelectCommandTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run bms(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = BmsCommand.commandLine(new BmsCommand(o, e, BenchmarkRegistry.standard())).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  @Test
  void ranksEveryCandidateThreeWaysAndWritesTheSummary() throws IOException {
    Run r = bms("select", "--dataset", "yacht", "--candidates", "svgp-rbf,svgp-matern52,sgpr", "--folds", "3",
        "--steps", "15", "--inducing", "12", "--batch", "64", "-q", "--out", dir.toString());
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertEquals("select", s.command());
    assertEquals(3, s.results().get("folds"));
    List<Map<String, Object>> cands = (List<Map<String, Object>>) s.results().get("candidates");
    List<String> names = new ArrayList<>();
    Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
    for (Map<String, Object> c : cands) {
      names.add((String) c.get("name"));
      byName.put((String) c.get("name"), c);
      for (String k : new String[] {"boundPerPoint", "testLogLik", "cvLogLik"}) {
        assertTrue(Double.isFinite(((Number) c.get(k)).doubleValue()), k + " of " + c.get("name"));
      }
      List<Number> folds = (List<Number>) c.get("foldLogLiks");
      assertEquals(3, folds.size());
      // CV LL is the point-weighted mean of the fold LLs: it lies within their range.
      double lo = folds.stream().mapToDouble(Number::doubleValue).min().getAsDouble();
      double hi = folds.stream().mapToDouble(Number::doubleValue).max().getAsDouble();
      double cv = ((Number) c.get("cvLogLik")).doubleValue();
      assertTrue(cv >= lo - 1e-12 && cv <= hi + 1e-12, cv + " outside [" + lo + ", " + hi + "]");
    }
    assertEquals(List.of("svgp-rbf", "svgp-matern52", "sgpr"), names);
    Map<String, Object> rankings = (Map<String, Object>) s.results().get("rankings");
    String[][] keyed = {{"byBound", "boundPerPoint"}, {"byHeldOut", "testLogLik"}, {"byCrossValidation", "cvLogLik"}};
    for (String[] k : keyed) {
      List<String> order = (List<String>) rankings.get(k[0]);
      assertEquals(new HashSet<>(names), new HashSet<>(order), k[0] + " ranks every candidate once");
      assertEquals(names.size(), order.size());
      for (int i = 1; i < order.size(); i++) {
        double prev = ((Number) byName.get(order.get(i - 1)).get(k[1])).doubleValue();
        double next = ((Number) byName.get(order.get(i)).get(k[1])).doubleValue();
        assertTrue(prev >= next, k[0] + " must be in decreasing " + k[1]);
      }
    }
    Map<String, Map<String, Number>> agreement = (Map<String, Map<String, Number>>) s.results().get("agreement");
    for (Map<String, Number> a : agreement.values()) {
      for (Number v : a.values()) {
        assertTrue(v.doubleValue() >= -1 - 1e-12 && v.doubleValue() <= 1 + 1e-12, "correlation " + v);
      }
    }
    Map<String, Object> choice = (Map<String, Object>) s.results().get("choice");
    assertEquals(((List<String>) rankings.get("byBound")).get(0), choice.get("boundPicks"));
    assertEquals(((List<String>) rankings.get("byHeldOut")).get(0), choice.get("bestHeldOut"));
    Map<String, Object> cost = (Map<String, Object>) s.results().get("cost");
    assertTrue(((Number) cost.get("boundSeconds")).doubleValue() > 0);
    assertTrue(((Number) cost.get("crossValidationSeconds")).doubleValue() > 0);
    assertTrue(r.out().contains("ranking by bound:"), r.out());
    assertTrue(java.nio.file.Files.size(dir.resolve("bounds.png")) > 0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--candidates|svgp|at least 2",
      "--candidates|svgp,svgp-rbf|twice",
      "--candidates|svgp,dgp9|dgp9",
      "--folds|1|--folds",
      "--dataset|nope|unknown UCI data set",
      "--steps|0|--steps"})
  void badArgumentsGiveOneClearError(String option, String value, String expected) {
    List<String> a = new ArrayList<>(List.of("select", "--dataset", "yacht", "--steps", "5", "-q", "--out",
        dir.toString()));
    int at = a.indexOf(option);
    if (at >= 0) {
      a.set(at + 1, value);
    } else {
      a.add(option);
      a.add(value);
    }
    Run r = bms(a.toArray(String[]::new));
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit(), r.out());
    assertTrue(r.err().contains("bms select: error:") && r.err().contains(expected), r.err());
  }
}
