package bms.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim of the rotation study (docs/BACKGROUND.md section 6), on a reduced configuration that
 * runs in under a minute on two cores: on digits rotated uniformly over the full circle, SVGP
 * with the learned-rotation invariant kernel has a higher bound AND a lower test error than SVGP
 * with the RBF kernel (same data, M, steps and seed), and its learned angle range grows towards
 * the true 180 degrees.
 *
 * <p>Reduced configuration: 2000 training digits pooled to 14 x 14, 300 test digits, M = 100,
 * 500 Adam steps of 50, S = 8 orbit samples, the angle range starting at 120 degrees. With fewer
 * steps the RBF model's bound is still ahead: the invariant model improves more slowly at first
 * and overtakes it later (see BENCHMARKS-study.md). Seeds 1 to 6 were all checked by hand with
 * margins of 0.14-0.68 nats per point in the bound and 7-15 points in test error.
 */
class RotationInvarianceStudyTest {
  @TempDir
  Path dir;

  static final double INITIAL_ANGLE = 120;

  @SuppressWarnings("unchecked")
  @Test
  void invariantModelHasTheHigherBoundAndTheLowerErrorAndLearnsTheRotations() throws IOException {
    StudyCommandsTest.Run r = StudyCommandsTest.bms("rotated-mnist", "--out", dir.toString(), "--seed", "1",
        "--pool", "2", "--train-size", "2000", "--test-size", "300", "--inducing", "100", "--batch", "50",
        "--samples", "8", "--steps", "500", "--init-angle", Double.toString(INITIAL_ANGLE), "--max-angle", "180",
        "--models", "rbf,rotation", "--checkpoint-every", "500", "--quiet");
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    Map<String, Object> rbf = StudyCommandsTest.model(s, "svgp-rbf");
    Map<String, Object> rot = StudyCommandsTest.model(s, "svgp-rotation");
    double boundRbf = ((Number) rbf.get("finalBoundPerPoint")).doubleValue();
    double boundRot = ((Number) rot.get("finalBoundPerPoint")).doubleValue();
    double errRbf = ((Number) rbf.get("testError")).doubleValue();
    double errRot = ((Number) rot.get("testError")).doubleValue();
    String table = r.out();
    assertTrue(boundRot > boundRbf, "the bound should prefer the invariant model:\n" + table);
    assertTrue(errRot < errRbf, "the invariant model should generalise better:\n" + table);
    assertEquals("svgp-rotation", s.results().get("highestBound"));
    Map<String, Object> initial = (Map<String, Object>) rot.get("initialRanges");
    Map<String, Object> learned = (Map<String, Object>) rot.get("learnedRanges");
    assertEquals(INITIAL_ANGLE, ((Number) initial.get("angle")).doubleValue(), 1e-9);
    double angle = ((Number) learned.get("angle")).doubleValue();
    assertTrue(angle > INITIAL_ANGLE && angle <= 180, "the angle range should grow towards 180, got " + angle);
  }
}
