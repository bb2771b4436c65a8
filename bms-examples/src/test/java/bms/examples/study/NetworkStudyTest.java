package bms.examples.study;

import static bms.examples.study.StudyCommandsTest.bms;
import static bms.examples.study.StudyCommandsTest.model;
import static bms.examples.study.StudyCommandsTest.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import bms.examples.study.StudyCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network models of the MNIST studies (nn-lastlayer, nn-crossentropy) on tiny runs: they
 * train, checkpoint and resume exactly like the GP models; the last layer's bound moves the
 * rotation range and cross-entropy leaves it where it was set.
 */
class NetworkStudyTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return Stream.of(21L, 22L);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  @SuppressWarnings("unchecked")
  void theLastLayerLearnsTheRangeAndCrossEntropyKeepsItFixed(long seed) throws IOException {
    Run r = bms(tiny(dir, seed, 20, "--models", "nn-lastlayer,nn-crossentropy", "--init-angle", "50")
        .toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    for (String name : new String[] {"nn-lastlayer", "nn-crossentropy"}) {
      Map<String, Object> m = model(s, name);
      assertNotNull(m, name + " missing from " + s.results());
      double err = ((Number) m.get("testError")).doubleValue();
      assertTrue(err >= 0 && err <= 1, name + " test error " + err);
      assertTrue(Double.isFinite(((Number) m.get("finalBoundPerPoint")).doubleValue()), name);
      assertTrue(Double.isFinite(((Number) m.get("testMeanLogPredictiveDensity")).doubleValue()), name);
    }
    Map<String, Object> ll = model(s, "nn-lastlayer");
    Map<String, Object> ce = model(s, "nn-crossentropy");
    double llAngle = ((Number) ((Map<String, Object>) ll.get("learnedRanges")).get("angle")).doubleValue();
    double ceAngle = ((Number) ((Map<String, Object>) ce.get("learnedRanges")).get("angle")).doubleValue();
    assertNotEquals(50.0, llAngle, 1e-6, "the marginal likelihood trains the range");
    assertEquals(50.0, ceAngle, 1e-9, "cross-entropy keeps the augmentation fixed");
    assertTrue(Files.exists(dir.resolve("angle-range.png")));
    // Their objectives are not bounds on log p(labels), so the bound picks none of them.
    assertNull(s.results().get("highestBound"), "highestBound = " + s.results().get("highestBound"));
    assertNotNull(s.results().get("lowestTestError"));
  }

  @Test
  void resumeContinuesTheNetworksExactly() throws IOException {
    Path straight = dir.resolve("straight");
    Path split = dir.resolve("split");
    String models = "nn-lastlayer,nn-crossentropy";
    assertEquals(0, bms(tiny(straight, 5, 30, "--models", models).toArray(String[]::new)).exit());
    assertEquals(0, bms(tiny(split, 5, 20, "--models", models).toArray(String[]::new)).exit());
    Run resumed = bms(tiny(split, 5, 30, "--models", models, "--resume").toArray(String[]::new));
    assertEquals(0, resumed.exit(), resumed.err());
    RunSummary a = SummaryJson.read(straight.resolve("summary.json"));
    RunSummary b = SummaryJson.read(split.resolve("summary.json"));
    for (String name : new String[] {"nn-lastlayer", "nn-crossentropy"}) {
      assertEquals(20, ((Number) model(b, name).get("resumedFromStep")).intValue());
      for (String key : new String[] {"finalBoundPerPoint", "testError", "testMeanLogPredictiveDensity",
          "lastMinibatchBoundPerPoint", "learnedRanges"}) {
        assertEquals(model(a, name).get(key), model(b, name).get(key), name + "." + key);
      }
    }
  }

  @Test
  void mnistRunsTheNetworksOnUprightDigits() throws IOException {
    Run r = bms("mnist", "--out", dir.toString(), "--seed", "4", "--pool", "4", "--train-size", "60", "--test-size",
        "40", "--inducing", "8", "--batch", "10", "--steps", "10", "--checkpoint-every", "10", "--quiet", "--models",
        "nn-lastlayer,nn-crossentropy", "--orbit-samples", "2", "--init-angle", "20");
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertNotNull(model(s, "nn-lastlayer"));
    assertNotNull(model(s, "nn-crossentropy"));
    Run bad = bms("mnist", "--out", dir.toString(), "--models", "nn-lastlayer", "--init-angle", "180", "--quiet");
    assertNotEquals(0, bad.exit());
    assertTrue(bad.err().contains("--init-angle"), bad.err());
    Run unknown = bms("rotated-mnist", "--out", dir.toString(), "--models", "nn-last", "--quiet");
    assertNotEquals(0, unknown.exit());
    assertTrue(unknown.err().contains("nn-lastlayer"), "the error lists the model names: " + unknown.err());
  }
}
