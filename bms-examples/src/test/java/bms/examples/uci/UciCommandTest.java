package bms.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.BenchmarkRegistry;
import bms.examples.BmsCommand;
import bms.examples.data.DataRoot;
import bms.examples.data.NamedDataset;
import bms.examples.data.Splits;
import bms.examples.data.UciDataset;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bms uci} end to end on yacht (308 points) with a few steps. */
class UciCommandTest {
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

  /** A short run on yacht; {@code extra} adds options or replaces the value of one given here. */
  private static String[] small(Path out, String model, String... extra) {
    List<String> a = new ArrayList<>(List.of("uci", "--dataset", "yacht", "--model", model, "--steps", "20",
        "--inducing", "16", "--batch", "64", "--test-samples", "10", "--train-samples", "2", "-q",
        "--out", out.toString()));
    for (int i = 0; i < extra.length; i++) {
      boolean hasValue = i + 1 < extra.length && !extra[i + 1].startsWith("--");
      int at = a.indexOf(extra[i]);
      if (at >= 0 && hasValue) {
        a.set(at + 1, extra[i + 1]);
      } else {
        a.add(extra[i]);
        if (hasValue) {
          a.add(extra[i + 1]);
        }
      }
      if (hasValue) {
        i++;
      }
    }
    return a.toArray(String[]::new);
  }

  private static double number(RunSummary s, String key) {
    Object v = s.results().get(key);
    assertTrue(v instanceof Number, key + " is " + v);
    return ((Number) v).doubleValue();
  }

  @ParameterizedTest
  @CsvSource({"svgp", "dgp2", "sgpr"})
  void writesSummaryPlotAndTraceWithFiniteOriginalUnitNumbers(String model) throws IOException {
    Path out = dir.resolve(model);
    Run r = bms(small(out, model));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("test RMSE"), r.out());
    RunSummary s = SummaryJson.read(out.resolve("summary.json"));
    assertEquals("uci", s.command());
    assertEquals("yacht", s.results().get("dataset"));
    assertEquals(277, s.results().get("trainPoints"));
    assertEquals(31, s.results().get("testPoints"));
    for (String k : new String[] {"bound", "boundPerPoint", "boundOriginalUnits", "testRmse", "testLogLik",
        "testLogLikStandardised", "noiseVariance"}) {
      assertTrue(Double.isFinite(number(s, k)), k + " = " + s.results().get(k));
    }
    // Original units: the log density shifts by -log s_y, with s_y the sd of the training targets
    // (computed here from the file and the same seeded split).
    NamedDataset train = Splits.trainTest(UciDataset.YACHT.load(DataRoot.locate()), 0.9, 1).train();
    double mean = 0;
    for (double v : train.y().data()) mean += v / train.size();
    double ss = 0;
    for (double v : train.y().data()) ss += (v - mean) * (v - mean);
    double sy = Math.sqrt(ss / train.size());
    assertEquals(number(s, "testLogLikStandardised") - Math.log(sy), number(s, "testLogLik"), 1e-9);
    assertEquals(number(s, "bound") - 277 * Math.log(sy), number(s, "boundOriginalUnits"),
        1e-9 * Math.abs(number(s, "bound")) + 1e-9);
    assertTrue(number(s, "testRmse") > 0);
    assertTrue(number(s, "noiseVariance") > 0);
    byte[] png = Files.readAllBytes(out.resolve("bound.png"));
    assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    List<String> trace = Files.readAllLines(out.resolve("trace.csv"));
    assertEquals("step,bound", trace.get(0));
    assertTrue(trace.size() > 1);
  }

  /** 20 steps, then --resume to 40, gives exactly the run of 40 steps in one go. */
  @Test
  void resumeContinuesExactlyFromTheCheckpoint() throws IOException {
    Path split = dir.resolve("split");
    Run first = bms(small(split, "svgp", "--checkpoint-every", "7"));
    assertEquals(0, first.exit(), first.err());
    assertTrue(Files.exists(split.resolve("checkpoints/ckpt-000000000020.bin")));
    Run second = bms(small(split, "svgp", "--resume", "--steps", "40"));
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("resumed from the checkpoint at step 20"), second.out());
    Path whole = dir.resolve("whole");
    Run once = bms(small(whole, "svgp", "--steps", "40"));
    assertEquals(0, once.exit(), once.err());
    RunSummary a = SummaryJson.read(split.resolve("summary.json"));
    RunSummary b = SummaryJson.read(whole.resolve("summary.json"));
    assertEquals(20L, ((Number) a.results().get("resumedFromStep")).longValue());
    assertEquals(40L, ((Number) a.results().get("steps")).longValue());
    for (String k : new String[] {"bound", "testRmse", "testLogLik", "noiseVariance"}) {
      assertEquals(number(b, k), number(a, k), 0.0, k + " after resume");
    }
    assertEquals(Files.readAllLines(whole.resolve("trace.csv")), Files.readAllLines(split.resolve("trace.csv")),
        "the resumed trace holds every step");
    // --resume with another setting is refused, naming it.
    Run other = bms(small(split, "svgp", "--resume", "--steps", "60", "--inducing", "12"));
    assertNotEquals(0, other.exit());
    assertTrue(other.err().contains("numInducing (checkpoint 16, now 12)"), other.err());
  }

  @Test
  void resumeWithoutCheckpointsStartsFreshAndLbfgsModelsRefuseIt() {
    Run fresh = bms(small(dir.resolve("fresh"), "svgp", "--resume"));
    assertEquals(0, fresh.exit(), fresh.err());
    assertTrue(!fresh.out().contains("resumed"), fresh.out());
    Run sgpr = bms(small(dir.resolve("sgpr"), "sgpr", "--resume"));
    assertEquals(BmsCommand.EXIT_FAILURE, sgpr.exit());
    assertTrue(sgpr.err().contains("--resume") && sgpr.err().contains("L-BFGS"), sgpr.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--dataset|mnist|unknown UCI data set 'mnist'",
      "--model|svgp-laplace|unknown kernel 'laplace'",
      "--model|transformer|unknown model 'transformer'",
      "--inducing|0|--inducing",
      "--inducing|-3|--inducing",
      "--steps|0|--steps",
      "--batch|0|--batch",
      "--lr|0|--lr",
      "--lr|-0.5|--lr",
      "--train-samples|0|--train-samples",
      "--train-fraction|1.5|--train-fraction",
      "--checkpoint-every|0|--checkpoint-every"})
  void badArgumentsGiveOneClearError(String option, String value, String expected) {
    String[] a = small(dir.resolve("bad"), "svgp", option, value);
    Run r = bms(a);
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit(), r.out());
    assertTrue(r.err().contains("bms uci: error:") && r.err().contains(expected), r.err());
    assertTrue(r.err().contains(value), "the error names the bad value: " + r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    assertTrue(!Files.exists(dir.resolve("bad/summary.json")));
  }

  @Test
  void helpListsTheOptionsAndTheCommandIsRegistered() {
    Run top = bms("--help");
    assertTrue(top.out().contains("  uci ") && top.out().contains("  select "), top.out());
    Run r = bms("uci", "--help");
    assertEquals(0, r.exit(), r.err());
    for (String o : new String[] {"--dataset", "--model", "--inducing", "--batch", "--steps", "--lr",
        "--train-samples", "--test-samples", "--noise-init", "--resume", "--out", "--seed", "--quiet"}) {
      assertTrue(r.out().contains(o), o + " missing in\n" + r.out());
    }
  }
}
