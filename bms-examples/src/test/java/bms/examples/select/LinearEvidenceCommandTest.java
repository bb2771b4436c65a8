package bms.examples.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.BmsCommand;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bms evidence} on a subsample of yacht: the closed-form relations between its numbers. */
class LinearEvidenceCommandTest {
  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  @Test
  void trainingSpeedEstimatesABoundBelowTheExactEvidence() throws IOException {
    SelectCommandTest.Run r = SelectCommandTest.bms("evidence", "--dataset", "yacht", "--max-points", "100",
        "--kernels", "rbf,matern32", "--lengthscales", "0.5,2", "--noise", "0.1", "--features", "20", "--members",
        "200", "-q", "--out", dir.toString());
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    List<Map<String, Object>> cands = (List<Map<String, Object>>) s.results().get("candidates");
    assertEquals(4, cands.size());
    for (Map<String, Object> c : cands) {
      double evidence = ((Number) c.get("logEvidencePerPoint")).doubleValue();
      double bound = ((Number) c.get("lowerBoundPerPoint")).doubleValue();
      double speed = ((Number) c.get("trainingSpeedPerPoint")).doubleValue();
      double se = ((Number) c.get("trainingSpeedStandardErrorPerPoint")).doubleValue();
      assertTrue(bound <= evidence, c.get("name") + ": Lyle's bound " + bound + " above the evidence " + evidence);
      // 200 members: the estimate lies within 5 standard errors of the bound it estimates
      assertEquals(bound, speed, 5 * se, c.get("name") + " estimate vs closed-form bound");
    }
    assertTrue(s.results().containsKey("agreementWithEvidence"));
    assertTrue(r.out().contains("agreement with the exact evidence"), r.out());
  }

  @Test
  void badOptionsAreRefused() {
    SelectCommandTest.Run r = SelectCommandTest.bms("evidence", "--dataset", "yacht", "--kernels", "rq", "-q",
        "--out", dir.toString());
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit());
    assertTrue(r.err().contains("unknown kernel 'rq'"), r.err());
    r = SelectCommandTest.bms("evidence", "--dataset", "yacht", "--lengthscales", "0", "-q", "--out", dir.toString());
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit());
    assertTrue(r.err().contains("--lengthscales must be positive"), r.err());
  }
}
