package bms.examples.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.BmsCommand;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bms select --criteria}: the chosen criteria, their keys and what they must equal. */
class SelectCriteriaTest {
  @TempDir
  Path dir;

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.parseDouble((String) o); // Jackson writes NaN as "NaN"
  }

  @SuppressWarnings("unchecked")
  @Test
  void speedExactAndPrequentialWithoutCrossValidation() throws IOException {
    SelectCommandTest.Run r = SelectCommandTest.bms("select", "--dataset", "yacht", "--candidates",
        "svgp-rbf,sgpr,gpr", "--criteria", "bound,speed,exact,prequential", "--max-points", "120", "--steps", "20",
        "--inducing", "10", "--batch", "32", "-q", "--out", dir.toString());
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertEquals(List.of("bound", "speed", "exact", "prequential", "heldout"), s.results().get("criteria"));
    assertEquals(Map.of("points", 120, "of", 308), s.results().get("subsample"));
    assertEquals(108, s.results().get("trainPoints"));
    Map<String, Object> rankings = (Map<String, Object>) s.results().get("rankings");
    assertEquals(List.of("byBound", "byTrainingSpeed", "byExact", "byPrequential", "byHeldOut"),
        List.copyOf(rankings.keySet()));
    assertFalse(((Map<String, Object>) s.results().get("cost")).containsKey("crossValidationSeconds"));
    Map<String, Map<String, Object>> byName = new HashMap<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) s.results().get("candidates")) {
      byName.put((String) c.get("name"), (Map<String, Object>) c.get("scores"));
      assertFalse(c.containsKey("cvLogLik"), "no CV was asked for");
    }
    // gpr: the bound is the exact log ML, and the prequential sum equals it
    Map<String, Object> gpr = byName.get("gpr");
    assertEquals(number(gpr.get("bound")), number(gpr.get("exact")), 0.0);
    assertEquals(number(gpr.get("bound")), number(gpr.get("prequential")), 1e-9);
    // sgpr: the Nystrom evidence lies above the collapsed bound (by the trace term); no exact ML
    Map<String, Object> sgpr = byName.get("sgpr");
    assertTrue(number(sgpr.get("prequential")) >= number(sgpr.get("bound")) - 1e-12);
    assertTrue(Double.isNaN(number(sgpr.get("exact"))));
    // training speed only for the Adam-trained model: the mean of its per-step estimates, below its final bound
    Map<String, Object> svgp = byName.get("svgp-rbf");
    assertTrue(Double.isFinite(number(svgp.get("speed"))));
    assertTrue(Double.isNaN(number(sgpr.get("speed"))) && Double.isNaN(number(gpr.get("speed"))));
    assertTrue(Double.isNaN(number(svgp.get("prequential"))));
    Map<String, Object> byCriterion = (Map<String, Object>) s.results().get("byCriterion");
    Map<String, Object> speed = (Map<String, Object>) byCriterion.get("speed");
    assertEquals(3, speed.get("fits"));
    assertTrue(((Map<String, Object>) speed.get("notes")).get("gpr").toString().contains("no training trajectory"));
    assertTrue(r.out().contains("ranking by training speed:"), r.out());
  }

  @Test
  void unknownCriteriaAndMaxPointsWithRotatedMnistAreRefused() {
    SelectCommandTest.Run r = SelectCommandTest.bms("select", "--dataset", "yacht", "--criteria", "bound,waic",
        "--steps", "5", "-q", "--out", dir.toString());
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit());
    assertTrue(r.err().contains("unknown criterion 'waic'"), r.err());
    r = SelectCommandTest.bms("select", "--dataset", "rotated-mnist", "--max-points", "100", "-q", "--out",
        dir.toString());
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit());
    assertTrue(r.err().contains("--max-points applies only to UCI data sets"), r.err());
  }
}
