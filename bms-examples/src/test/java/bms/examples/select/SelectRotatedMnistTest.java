package bms.examples.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.BmsCommand;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import bms.examples.select.SelectCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bms select --dataset rotated-mnist} with a tiny configuration (a few seconds). */
class SelectRotatedMnistTest {
  @TempDir
  Path dir;

  /** Tiny but real: every candidate kind, 2 folds, 10 Adam steps. */
  static final String[] TINY = {"select", "--dataset", "rotated-mnist", "--train-size", "40", "--test-size", "30",
      "--inducing", "8", "--steps", "10", "--batch", "16", "--samples", "2", "--folds", "2", "-q"};

  private static String[] with(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of(TINY));
    a.addAll(List.of(more));
    a.add("--out");
    a.add(out.toString());
    return a.toArray(String[]::new);
  }

  @SuppressWarnings("unchecked")
  @Test
  void trainsEveryCandidateOncePlusKFoldsAndRanksThemThreeWays() throws IOException {
    Run r = SelectCommandTest.bms(with(dir, "--candidates", "svgp-rbf,svgp-rotation,svgp-affine,dgp"));
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertEquals("select", s.command());
    assertEquals("rotated-mnist", s.results().get("dataset"));
    assertEquals(2, s.results().get("folds"));
    assertEquals(40, s.results().get("trainPoints"));
    List<String> expected = List.of("svgp-rbf", "svgp-rotation", "svgp-affine", "dgp");
    List<Map<String, Object>> cands = (List<Map<String, Object>>) s.results().get("candidates");
    List<String> names = new ArrayList<>();
    Map<String, Map<String, Object>> byName = new HashMap<>();
    for (Map<String, Object> c : cands) {
      String name = (String) c.get("name");
      names.add(name);
      byName.put(name, c);
      assertFalse(c.containsKey("error"), name + " failed: " + c.get("error"));
      for (String k : new String[] {"boundPerPoint", "testLogLik", "cvLogLik", "testError"}) {
        assertTrue(Double.isFinite(((Number) c.get(k)).doubleValue()), k + " of " + name);
      }
      // A mean log density of 10 classes is at most 0; chance level is log(1/10).
      assertTrue(((Number) c.get("testLogLik")).doubleValue() <= 0, name);
      List<Number> folds = (List<Number>) c.get("foldLogLiks");
      assertEquals(2, folds.size());
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Number f : folds) {
        assertTrue(Double.isFinite(f.doubleValue()), "fold LL of " + name);
        lo = Math.min(lo, f.doubleValue());
        hi = Math.max(hi, f.doubleValue());
      }
      double cv = ((Number) c.get("cvLogLik")).doubleValue();
      assertTrue(cv >= lo - 1e-12 && cv <= hi + 1e-12, cv + " outside [" + lo + ", " + hi + "]");
      // One fit on the training digits and one per fold: each left its final checkpoint.
      for (String fit : new String[] {"full", "fold-1", "fold-2"}) {
        assertTrue(Files.isDirectory(dir.resolve("checkpoints").resolve(fit).resolve(name)), fit + " of " + name);
      }
      assertFalse(Files.exists(dir.resolve("checkpoints").resolve("fold-3")));
    }
    assertEquals(expected, names);
    assertTrue(byName.get("svgp-rotation").containsKey("learnedRanges"));

    Map<String, Object> rankings = (Map<String, Object>) s.results().get("rankings");
    String[][] keyed = {{"byBound", "boundPerPoint"}, {"byHeldOut", "testLogLik"}, {"byCrossValidation", "cvLogLik"}};
    for (String[] k : keyed) {
      List<String> order = (List<String>) rankings.get(k[0]);
      assertEquals(names.size(), order.size(), k[0]);
      assertEquals(new HashSet<>(names), new HashSet<>(order), k[0] + " ranks every candidate once");
      for (int i = 1; i < order.size(); i++) {
        double prev = ((Number) byName.get(order.get(i - 1)).get(k[1])).doubleValue();
        double next = ((Number) byName.get(order.get(i)).get(k[1])).doubleValue();
        assertTrue(prev >= next, k[0] + " must be in decreasing " + k[1]);
      }
    }
    Map<String, Map<String, Number>> agreement = (Map<String, Map<String, Number>>) s.results().get("agreement");
    assertEquals(3, agreement.size());
    for (Map<String, Number> a : agreement.values()) {
      for (Number v : a.values()) {
        assertTrue(v.doubleValue() >= -1 - 1e-12 && v.doubleValue() <= 1 + 1e-12, "correlation " + v);
      }
    }
    Map<String, Object> cost = (Map<String, Object>) s.results().get("cost");
    assertTrue(((Number) cost.get("boundSeconds")).doubleValue() > 0);
    assertTrue(((Number) cost.get("crossValidationSeconds")).doubleValue() > 0);
    assertTrue(r.out().contains("ranking by bound:") && r.out().contains("ranking by cross-validation:"), r.out());
    assertTrue(r.out().contains("cost: bound ranking"), r.out());
    assertTrue(Files.size(dir.resolve("bounds.png")) > 0);
  }

  @Test
  void theFoldsPartitionTheTrainingDigits() {
    int[][] folds = RotatedMnistSelection.folds(11, 3, new bms.dgp.random.RandomStream(5));
    assertEquals(List.of(4, 4, 3), List.of(folds[0].length, folds[1].length, folds[2].length));
    boolean[] seen = new boolean[11];
    for (int[] f : folds) {
      for (int i : f) {
        assertFalse(seen[i], "index " + i + " in two folds");
        seen[i] = true;
      }
      int[] rest = RotatedMnistSelection.complement(f, 11);
      assertEquals(11 - f.length, rest.length);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rotated-mnist|--candidates|svgp-rbf,svgp-matern52|unknown rotated-mnist candidate 'svgp-matern52'; known:"
          + " svgp-rbf, svgp-rotation, svgp-affine, dgp",
      "rotated-mnist|--candidates|svgp-rbf|at least 2",
      "rotated-mnist|--candidates|dgp,svgp-rbf,dgp|twice",
      "rotated-mnist|--train-fraction|0.8|--train-fraction applies only to UCI data sets",
      "rotated-mnist|--max-width|3|--max-width applies only to UCI data sets",
      "rotated-mnist|--kmeans-points|30|--kmeans-points",
      "rotated-mnist|--folds|1|--folds",
      "rotated-mnist|--inducing|30|--inducing 30 is more than the 20 training digits",
      "rotated-mnist|--samples|1|--samples",
      "rotated-mnist|--pool|3|--pool",
      "rotated-mnist|--max-angle|200|--max-angle",
      "rotated-mnist|--train-size|0|--train-size",
      "yacht|--pool|2|--pool applies only to the rotated-mnist data set",
      "yacht|--train-size|100|--train-size applies only to the rotated-mnist data set",
      "yacht|--max-angle|90|--max-angle",
      "nope|--seed|1|unknown UCI data set 'nope'"})
  void badArgumentsGiveOneClearError(String dataset, String option, String value, String expected) {
    List<String> a = new ArrayList<>(dataset.equals("rotated-mnist") ? List.of(TINY)
        : List.of("select", "--dataset", dataset, "--steps", "5", "-q"));
    int at = a.indexOf(option);
    if (at >= 0) {
      a.set(at + 1, value);
    } else {
      a.add(option);
      a.add(value);
    }
    a.add("--out");
    a.add(dir.toString());
    Run r = SelectCommandTest.bms(a.toArray(String[]::new));
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit(), r.out());
    assertTrue(r.err().contains("bms select: error:") && r.err().contains(expected), r.err());
    assertFalse(Files.exists(dir.resolve("summary.json")));
  }
}
