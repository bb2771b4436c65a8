package bms.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.BmsCommand;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bms rotated-mnist} and {@code bms mnist} on tiny configurations (7x7 digits): what they
 * write, and that --resume continues a run exactly where it stopped.
 */
class StudyCommandsTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run bms(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BmsCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A tiny rotated-MNIST run: 7x7 digits, few points and steps. */
  static List<String> tiny(Path out, long seed, int steps, String... extra) {
    List<String> a = new ArrayList<>(List.of("rotated-mnist", "--out", out.toString(), "--seed", Long.toString(seed),
        "--pool", "4", "--train-size", "60", "--test-size", "40", "--inducing", "8", "--batch", "10",
        "--samples", "2", "--steps", Integer.toString(steps), "--checkpoint-every", "10", "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> model(RunSummary s, String name) {
    return (Map<String, Object>) ((Map<String, Object>) s.results().get("models")).get(name);
  }

  static void assertPng(Path file) throws IOException {
    assertTrue(Files.exists(file), file + " missing");
    BufferedImage img = ImageIO.read(file.toFile());
    assertNotNull(img, file + " is not a PNG");
    assertTrue(img.getWidth() > 10 && img.getHeight() > 10);
  }

  @Test
  void rotatedMnistWritesTheSummaryAndThePlots() throws IOException {
    Run r = bms(tiny(dir, 3, 20, "--models", "rbf,rotation,affine").toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertEquals("rotated-mnist", s.command());
    assertEquals(3, s.seed());
    for (String name : new String[] {"svgp-rbf", "svgp-rotation", "svgp-affine"}) {
      Map<String, Object> m = model(s, name);
      assertNotNull(m, name + " missing from " + s.results());
      for (String key : new String[] {"finalBoundPerPoint", "testError", "testMeanLogPredictiveDensity",
          "trainingSeconds"}) {
        assertTrue(m.get(key) instanceof Number, name + "." + key + " = " + m.get(key));
      }
      double err = ((Number) m.get("testError")).doubleValue();
      assertTrue(err >= 0 && err <= 1, "test error " + err);
      assertTrue(((Number) m.get("finalBoundPerPoint")).doubleValue() < 0, "a bound on a log probability");
      assertEquals(20, ((Number) m.get("steps")).intValue());
      assertEquals(!name.equals("svgp-rbf"), m.containsKey("learnedRanges"), name);
      assertTrue(r.out().contains(name), r.out());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> affine = (Map<String, Object>) model(s, "svgp-affine").get("learnedRanges");
    assertEquals(List.of("angle", "logScaleX", "logScaleY", "shearX", "shearY", "shiftX", "shiftY"),
        new ArrayList<>(affine.keySet()));
    for (String plot : new String[] {"bound.png", "angle-range.png", "affine-ranges.png", "transformations.png"}) {
      assertPng(dir.resolve(plot));
      assertTrue(r.out().contains(plot), r.out());
    }
    assertEquals("", r.err(), "--quiet prints nothing on stderr");
  }

  static Stream<Long> resumeSeeds() {
    return Stream.of(11L, 12L);
  }

  /** 20 steps, then --resume to 30, ends exactly where 30 uninterrupted steps end. */
  @ParameterizedTest
  @MethodSource("resumeSeeds")
  void resumeContinuesExactlyWhereTheRunStopped(long seed) throws IOException {
    Path straight = dir.resolve("straight");
    Path split = dir.resolve("split");
    assertEquals(0, bms(tiny(straight, seed, 30, "--models", "rbf,rotation").toArray(String[]::new)).exit());
    Run first = bms(tiny(split, seed, 20, "--models", "rbf,rotation").toArray(String[]::new));
    assertEquals(0, first.exit(), first.err());
    assertTrue(Files.exists(split.resolve("checkpoints/svgp-rotation/ckpt-000000000020.bin")));
    Run resumed = bms(tiny(split, seed, 30, "--models", "rbf,rotation", "--resume").toArray(String[]::new));
    assertEquals(0, resumed.exit(), resumed.err());
    RunSummary a = SummaryJson.read(straight.resolve("summary.json"));
    RunSummary b = SummaryJson.read(split.resolve("summary.json"));
    for (String name : new String[] {"svgp-rbf", "svgp-rotation"}) {
      Map<String, Object> ma = model(a, name);
      Map<String, Object> mb = model(b, name);
      assertEquals(20, ((Number) mb.get("resumedFromStep")).intValue());
      assertEquals(30, ((Number) mb.get("steps")).intValue());
      for (String key : new String[] {"finalBoundPerPoint", "testError", "testMeanLogPredictiveDensity",
          "lastMinibatchBoundPerPoint"}) {
        assertEquals(ma.get(key), mb.get(key), name + "." + key);
      }
      assertEquals(ma.get("learnedRanges"), mb.get("learnedRanges"), name);
      assertEquals(30, Trace.read(split.resolve("checkpoints").resolve(name)).size());
    }
    // A finished run resumes to an evaluation only.
    Run again = bms(tiny(split, seed, 30, "--models", "rotation", "--resume").toArray(String[]::new));
    assertEquals(0, again.exit(), again.err());
    Map<String, Object> done = model(SummaryJson.read(split.resolve("summary.json")), "svgp-rotation");
    assertEquals(30, ((Number) done.get("resumedFromStep")).intValue());
    assertEquals(model(a, "svgp-rotation").get("finalBoundPerPoint"), done.get("finalBoundPerPoint"));
  }

  @Test
  void resumeRefusesCheckpointsOfAnotherConfigurationAndAFreshRunClearsThem() throws IOException {
    assertEquals(0, bms(tiny(dir, 5, 10, "--models", "rbf").toArray(String[]::new)).exit());
    Run other = bms(tiny(dir, 5, 20, "--models", "rbf", "--resume", "--lr", "0.1").toArray(String[]::new));
    assertEquals(BmsCommand.EXIT_FAILURE, other.exit());
    assertTrue(other.err().contains("cannot --resume") && other.err().contains("learningRate"), other.err());
    Run tooFew = bms(tiny(dir, 5, 5, "--models", "rbf", "--resume").toArray(String[]::new));
    assertEquals(BmsCommand.EXIT_FAILURE, tooFew.exit());
    assertTrue(tooFew.err().contains("past --steps 5"), tooFew.err());
    Run fresh = bms(tiny(dir, 5, 5, "--models", "rbf").toArray(String[]::new));
    assertEquals(0, fresh.exit(), fresh.err());
    assertFalse(Files.exists(dir.resolve("checkpoints/svgp-rbf/ckpt-000000000010.bin")),
        "a fresh run removes the older run's checkpoints");
  }

  @Test
  void badOptionsGiveOneClearLine() {
    Run r = bms("rotated-mnist", "--max-angle", "200", "--out", dir.toString(), "-q");
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit());
    assertTrue(r.err().contains("max angle") && r.err().contains("200"), r.err());
    Run pool = bms("mnist", "--pool", "3", "--out", dir.toString(), "-q");
    assertEquals(BmsCommand.EXIT_FAILURE, pool.exit());
    assertTrue(pool.err().contains("--pool"), pool.err());
    Run models = bms("mnist", "--models", "rbf,svm", "--out", dir.toString());
    assertEquals(2, models.exit(), "picocli's usage error");
    assertTrue(models.err().contains("svm"), models.err());
  }

  @Test
  void mnistTrainsItsThreeModelsAndWritesTheSummary() throws IOException {
    Run r = bms("mnist", "--out", dir.toString(), "--pool", "4", "--train-size", "60", "--test-size", "40",
        "--inducing", "8", "--batch", "10", "--steps", "10", "--patch", "3", "--width", "3", "--samples", "2", "-q");
    assertEquals(0, r.exit(), r.err());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    for (String name : new String[] {"svgp-rbf", "dgp", "conv"}) {
      Map<String, Object> m = model(s, name);
      assertNotNull(m, name);
      double err = ((Number) m.get("testError")).doubleValue();
      assertTrue(err >= 0 && err <= 1, name + " test error " + err);
      assertTrue(Double.isFinite(((Number) m.get("finalBoundPerPoint")).doubleValue()), name);
    }
    assertPng(dir.resolve("bound.png"));
  }

  @Test
  void mnistTrainsTheDeepConvolutionalGp() throws IOException {
    Run r = bms("mnist", "--models", "deep-conv", "--layers", "3", "--channels", "2", "--patch", "3", "--stride", "1",
        "--conv-output", "TICK", "--output-patch", "2", "--out", dir.toString(), "--pool", "4", "--train-size", "30",
        "--test-size", "20", "--inducing", "6", "--batch", "10", "--steps", "4", "--samples", "2", "-q");
    assertEquals(0, r.exit(), r.err());
    Map<String, Object> m = model(SummaryJson.read(dir.resolve("summary.json")), "deep-conv");
    assertNotNull(m, "deep-conv");
    double err = ((Number) m.get("testError")).doubleValue();
    assertTrue(err >= 0 && err <= 1, "test error " + err);
    assertTrue(Double.isFinite(((Number) m.get("finalBoundPerPoint")).doubleValue()));
    Map<String, Object> c = config(dir);
    assertEquals(3, ((Number) c.get("deepConvLayers")).intValue());
    assertEquals("TICK", c.get("deepConvOutput"));
    Run bad = bms("mnist", "--models", "deep-conv", "--channels", "0", "--out", dir.resolve("bad").toString(), "-q");
    assertEquals(BmsCommand.EXIT_FAILURE, bad.exit());
    assertTrue(bad.err().contains("--channels"), bad.err());
  }

  @Test
  void helpNamesTheStudyOptions() {
    Run r = bms("rotated-mnist", "--help");
    assertEquals(0, r.exit());
    for (String o : new String[] {"--max-angle", "--train-size", "--test-size", "--inducing", "--steps", "--batch",
        "--samples", "--lr", "--models", "--resume", "--out", "--seed", "--quiet"}) {
      assertTrue(r.out().contains(o), o + " missing in\n" + r.out());
    }
    assertTrue(r.out().contains("mnist_rotation_new"), r.out());
    Run m = bms("mnist", "--help");
    assertTrue(m.out().contains("--width") && m.out().contains("conv"), m.out());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> config(Path out) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(
        out.resolve("checkpoints").resolve("config.json").toFile(), Map.class);
  }

  /**
   * --preset published fills every option the command line leaves out (width 30, one sample,
   * learning rate 0.01 on bms mnist; S = 10 on bms rotated-mnist) and the ones given win; the
   * preset's three-layer deep GP trains under its own key.
   */
  @Test
  void thePublishedPresetFillsWhatTheCommandLineLeavesOut() throws IOException {
    Run r = bms("mnist", "--preset", "published", "--models", "dgp3", "--out", dir.resolve("m").toString(), "--pool",
        "4", "--train-size", "60", "--test-size", "40", "--inducing", "8", "--batch", "10", "--steps", "3",
        "--quiet");
    assertEquals(0, r.exit(), r.err());
    Map<String, Object> c = config(dir.resolve("m"));
    assertEquals("published", c.get("preset"));
    assertEquals(30, c.get("dgpWidth"));
    assertEquals(1, c.get("dgpSamples"));
    assertEquals(0.01, c.get("learningRate"));
    assertEquals(60, c.get("trainSize"));
    assertEquals(8, c.get("inducing"));
    assertFalse(c.containsKey("convInducing"), "explicit --inducing/--batch size every model alike: " + c);
    assertNotNull(model(SummaryJson.read(dir.resolve("m").resolve("summary.json")), "dgp3"));

    Run q = bms(tiny(dir.resolve("r"), 1, 2, "--preset", "published", "--models", "rotation").toArray(String[]::new));
    assertEquals(0, q.exit(), q.err());
    Map<String, Object> rc = config(dir.resolve("r"));
    assertEquals(2, rc.get("orbitSamples"), "the given --samples wins over the preset's 10");
    assertEquals(0.01, rc.get("learningRate"));
    assertEquals(60, rc.get("trainSize"));
    // deep-conv at the DeepCGP repository's defaults: its own M and batch, two 5 x 5 layers, one feature map.
    Run d = bms("mnist", "--preset", "published", "--models", "deep-conv", "--out", dir.resolve("d").toString(),
        "--pool", "4", "--train-size", "130", "--test-size", "20", "--steps", "2", "--quiet");
    assertEquals(0, d.exit(), d.err());
    Map<String, Object> dc = config(dir.resolve("d"));
    assertEquals(2, dc.get("deepConvLayers"));
    assertEquals(1, dc.get("deepConvChannels"));
    assertEquals(5, dc.get("deepConvOutputPatch"));
    assertEquals(128, dc.get("deepConvInducing"));
    assertEquals(64, dc.get("deepConvBatch"));
    assertNotNull(model(SummaryJson.read(dir.resolve("d").resolve("summary.json")), "deep-conv"));

    Run bad = bms("mnist", "--preset", "nope");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("nope"), bad.err());
  }
}
