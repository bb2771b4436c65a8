package bms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bms command line, run in-process with captured output. */
class BmsCommandTest {
  @TempDir
  Path dir;

  /** Exit code, stdout and stderr of one run. */
  record Run(int exit, String out, String err) {}

  private static Run bms(BenchmarkRegistry registry, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = BmsCommand.commandLine(new BmsCommand(o, e, registry)).execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run bms(String... args) {
    return bms(BenchmarkRegistry.standard(), args);
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Run r = bms("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("Usage: bms"), r.out());
    for (String c : new String[] {"data", "bench", "help"}) {
      assertTrue(r.out().contains("  " + c + " "), c + " missing in\n" + r.out());
    }
    assertEquals(r.out(), bms().out(), "bms alone prints the same usage");
  }

  @ParameterizedTest
  @ValueSource(strings = {"data", "bench"})
  void everySubcommandHasHelpWithTheCommonOptions(String command) {
    Run r = bms(command, "--help");
    assertEquals(0, r.exit(), r.err());
    for (String option : new String[] {"--out", "--seed", "--quiet", "--data"}) {
      assertTrue(r.out().contains(option), option + " missing in\n" + r.out());
    }
  }

  @Test
  void dataInspectsOneSetAndWritesTheSummaryWhenAsked() throws IOException {
    Run r = bms("data", "kin8nm", "--out", dir.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("8192 rows, 8 inputs, target 'y'"), r.out());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertEquals("data", s.command());
    assertEquals(List.of("kin8nm"), s.arguments());
    assertEquals(8192, s.results().get("rows"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cols = (List<Map<String, Object>>) s.results().get("columns");
    assertEquals(9, cols.size());
    assertEquals("y", cols.get(8).get("name"));
  }

  @Test
  void dataMarksNavalsConstantColumns() {
    Run r = bms("data", "naval");
    assertEquals(0, r.exit(), r.err());
    long constant = r.out().lines().filter(l -> l.endsWith("constant")).count();
    assertEquals(2, constant, r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.contains(" T1 ") && l.endsWith("constant")), r.out());
  }

  @Test
  void dataShowsMnistLabels() {
    Run r = bms("data", "mnist-test");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("10000 images of 28x28"), r.out());
    assertTrue(r.out().contains("first labels: [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]"), r.out());
  }

  @Test
  void badInputGivesOneClearErrorLineAndExitCodeOne() {
    Run r = bms("data", "iris");
    assertEquals(BmsCommand.EXIT_FAILURE, r.exit());
    assertTrue(r.err().startsWith("bms data: error: unknown UCI data set 'iris'"), r.err());
    assertTrue(r.err().contains("mnist-train"), r.err());
    assertEquals(1, r.err().lines().count(), "no stack trace:\n" + r.err());
    Run wrongFolder = bms("data", "--data", dir.toString());
    assertEquals(BmsCommand.EXIT_FAILURE, wrongFolder.exit());
    assertTrue(wrongFolder.err().contains(dir.toString()), wrongFolder.err());
    Run badOption = bms("data", "--seed", "many");
    assertEquals(2, badOption.exit(), "picocli's usage-error code");
  }

  @Test
  void benchListsAndRunsBenchmarksAndWritesTheirReport() throws IOException {
    BenchmarkRegistry fakes = BenchmarkRegistryTest.fakes();
    Run list = bms(fakes, "bench");
    assertEquals(0, list.exit());
    assertTrue(list.out().lines().anyMatch(l -> l.contains("full") && l.contains("available")), list.out());
    assertTrue(list.out().lines().anyMatch(l -> l.contains("missing") && l.contains("not built yet")), list.out());

    Run run = bms(fakes, "bench", "full", "--seed", "7", "--quiet", "--out", dir.toString(), "--", "--size", "3");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("full args=[--size, 3] seed=7 quiet=true"), run.out());
    RunSummary s = SummaryJson.read(dir.resolve("summary.json"));
    assertEquals("bench", s.command());
    assertEquals(7, s.seed());
    @SuppressWarnings("unchecked")
    Map<String, Object> full = (Map<String, Object>) s.results().get("full");
    assertEquals(List.of("full args=[--size, 3] seed=7 quiet=true"), full.get("report"));
    assertEquals(Map.of("seed", 7, "args", List.of("--size", "3"), "dir", dir.toString()), full.get("result"));

    // Only a missing benchmark is run here: a real one would take minutes.
    if (!BenchmarkRegistry.standard().available(BenchmarkRegistry.standard().entry("linalg"))) {
      Run missing = bms("bench", "linalg", "--out", dir.resolve("m").toString());
      assertEquals(BmsCommand.EXIT_FAILURE, missing.exit());
      assertTrue(missing.err().contains("not part of this build"), missing.err());
      assertTrue(Files.notExists(dir.resolve("m").resolve("summary.json")));
    }
  }
}
