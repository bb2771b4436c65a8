package bms.examples.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.examples.BenchmarkRegistry;
import bms.examples.BmsCommand;
import bms.examples.data.UserCsv;
import bms.examples.data.UserTable;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import bms.examples.uci.FitSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bms fit} and {@code bms predict} end to end on small CSV files. */
class FitPredictCommandTest {
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

  /**
   * n rows of three inputs (one header name quoted, with a comma), a numeric target y and a label
   * column: two labels ("no", "yes") or three ("a", "b", "c").
   */
  static Path data(Path file, long seed, int n, int labels) throws IOException {
    Random rng = new Random(seed);
    StringBuilder sb = new StringBuilder("u,\"v, volts\",w,y,label\n");
    for (int i = 0; i < n; i++) {
      double u = rng.nextGaussian();
      double v = 3 + 2 * rng.nextGaussian();
      double w = rng.nextDouble();
      double y = Math.sin(2 * u) + 0.3 * v + 0.05 * rng.nextGaussian();
      String label = labels == 2 ? (u + 0.2 * rng.nextGaussian() > 0 ? "yes" : "no")
          : List.of("a", "b", "c").get(u < -0.4 ? 0 : u < 0.4 ? 1 : 2);
      sb.append(u).append(',').append(v).append(',').append(w).append(',').append(y).append(',').append(label)
          .append('\n');
    }
    Files.writeString(file, sb.toString());
    return file;
  }

  private static final String[] SMALL = {"--steps", "15", "--inducing", "12", "--batch", "32", "--train-samples", "2",
      "--test-samples", "5", "-q"};

  private static String[] args(String... head) {
    List<String> a = new ArrayList<>(List.of(head));
    a.addAll(List.of(SMALL));
    return a.toArray(String[]::new);
  }

  /** The predictions a CSV from bms predict holds, parsed back. */
  private static Matrix readPredictions(Path file, int columns) throws IOException {
    UserTable t = UserCsv.read(file);
    int[] cols = new int[columns];
    int first = t.header().contains("label") ? 2 : 1;
    for (int j = 0; j < columns; j++) cols[j] = first + j;
    int[] rows = new int[t.size()];
    for (int i = 0; i < rows.length; i++) rows[i] = i;
    return t.numbers(cols, rows);
  }

  @ParameterizedTest
  @CsvSource({
      "svgp, , 2", "sgpr, , 2", "gpr, , 2", "dgp2, , 2", "svgp-matern52, , 2",
      "svgp, bernoulli, 2", "svgp, multiclass, 3", "dgp2, multiclass, 3"})
  void predictionsFromTheFileEqualTheTrainedModelsExactly(String model, String likelihood, int labels)
      throws IOException {
    boolean classify = likelihood != null;
    String target = classify ? "label" : "y";
    Path csv = data(dir.resolve("train.csv"), model.hashCode(), 40, labels);
    Path out = dir.resolve("fit");
    List<String> fit = new ArrayList<>(List.of("fit", "--csv", csv.toString(), "--target", target, "--model", model,
        "--out", out.toString(), "--features", "u,w"));
    if (classify) {
      fit.addAll(List.of("--likelihood", likelihood));
    }
    fit.addAll(List.of(SMALL));
    Run r = bms(fit.toArray(String[]::new));
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(Files.isRegularFile(out.resolve("model.bin")) && Files.isRegularFile(out.resolve("bound.png")));
    RunSummary s = SummaryJson.read(out.resolve("summary.json"));
    assertEquals(ModelFile.FORMAT_VERSION, ((Number) s.results().get("modelFormatVersion")).intValue());
    assertEquals(classify ? likelihood : "gaussian", s.results().get("likelihood"));

    // New rows, the columns in another order and an extra one: inputs are matched by name.
    Path fresh = dir.resolve("new.csv");
    Random rng = new Random(7);
    StringBuilder sb = new StringBuilder("w,extra,\"v, volts\",u\n");
    int m = 25;
    double[] xs = new double[m * 2];
    for (int i = 0; i < m; i++) {
      xs[2 * i] = 2 * rng.nextGaussian();
      xs[2 * i + 1] = rng.nextDouble();
      sb.append(xs[2 * i + 1]).append(",zzz,").append(rng.nextGaussian()).append(',').append(xs[2 * i]).append('\n');
    }
    Files.writeString(fresh, sb.toString());
    Path pred = dir.resolve("pred.csv");
    Run p = bms("predict", "--model", out.resolve("model.bin").toString(), "--csv", fresh.toString(), "--out",
        pred.toString());
    assertEquals(0, p.exit(), p.out() + p.err());
    Matrix fromFile = readPredictions(pred, classify ? labels : 2);

    // The same fit in memory, never saved: its predictions must be the same doubles.
    UserData d = UserData.of(UserCsv.read(csv), target, List.of("u", "w"), likelihood, false);
    FitSettings settings = new FitSettings(12, 32, 15, 0.01, 2, 5, 0.05, 30, 10_000);
    UserFit.Fitted f = UserFit.fit(d, bms.examples.uci.ModelSpec.parse(model), settings, 1, (a, b, c) -> { },
        note -> { });
    UserPredictions inMemory = UserPredictions.of(f.model(), f.saved(), Matrix.wrap(m, 2, xs));
    assertArrayEquals(inMemory.values().data(), fromFile.data(), model + ": file and memory disagree");
    UserTable written = UserCsv.read(pred);
    for (int i = 0; i < m; i++) {
      assertEquals(Integer.toString(i + 2), written.cells(0, new int[] {i})[0], "the input line of row " + i);
      if (classify) {
        double sum = 0;
        for (int k = 0; k < labels; k++) sum += fromFile.get(i, k);
        // Robustmax probabilities are separate 20-point Gauss-Hermite quadratures per class: their sum is
        // one to about 2e-4 (measured), not exactly.
        assertEquals(1.0, sum, 1e-3, "class probabilities sum to one");
        assertEquals(inMemory.predictedLabels()[i], written.cells(1, new int[] {i})[0]);
      } else {
        assertTrue(fromFile.get(i, 1) > 0, "variance must be positive");
      }
    }
  }

  /** bms fit on {@code text}; expects exit code 2 and a message naming the file and {@code where}. */
  private void fitFails(String text, String where, String problem, String... extra) throws IOException {
    Path csv = dir.resolve("bad-" + Integer.toHexString(text.hashCode()) + ".csv");
    Files.writeString(csv, text);
    List<String> a = new ArrayList<>(List.of("fit", "--csv", csv.toString(), "--target", "y", "--out",
        dir.resolve("never").toString()));
    a.addAll(List.of(extra));
    a.addAll(List.of(SMALL));
    Run r = bms(a.toArray(String[]::new));
    assertEquals(BmsCommand.EXIT_BAD_INPUT, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
    assertTrue(r.err().startsWith("bms fit: error: " + csv + " (" + where + ")"), r.err());
    assertTrue(r.err().contains(problem), r.err());
    assertTrue(Files.notExists(dir.resolve("never").resolve("model.bin")));
  }

  @Test
  void badDataStopsWithExitCodeTwoNamingFileLineAndColumn() throws IOException {
    fitFails("a,b,a,y\n1,2,3,4\n", "line 1, column 3", "'a' twice");
    fitFails("a,,y\n1,2,3\n", "line 1, column 2", "no name for column 2");
    fitFails("a,b\n1,2\n", "line 1", "no column named 'y' (--target)");
    fitFails("a,y\n1,2\n3,4\n", "line 1", "no column named 'q' (--features)", "--features", "q");
    fitFails("a,b,y\n1,2,3\n4,oops,6\n", "line 3, column 2 'b'", "'oops' is not a number");
    fitFails("a,b,y\n1,2,3\n4,NaN,6\n", "line 3, column 2 'b'", "--drop-missing");
    fitFails("a,b,y\n1,2,3\n4,,6\n", "line 3, column 2 'b'", "missing");
    fitFails("a,b,y\n1,2,3\n4,5\n", "line 3", "2 fields, the header has 3");
    fitFails("a,y\n1,no\n2,yes\n3,maybe\n", "column 2 'y'", "exactly two labels", "--likelihood", "bernoulli");
    fitFails("a,y\n1,no\n2,no\n", "column 2 'y'", "at least two labels", "--likelihood", "multiclass");
    fitFails("a,y\n1,2\n2,x\n", "line 3, column 2 'y'", "'x' is not a number", "--likelihood", "gaussian");
  }

  @Test
  void dropMissingLeavesRowsOutAndFewRowsLowerM() throws IOException {
    Path csv = data(dir.resolve("d.csv"), 3, 30, 2);
    List<String> lines = new ArrayList<>(Files.readAllLines(csv));
    lines.set(4, lines.get(4).replaceFirst("^[^,]*,", "NA,"));
    lines.set(9, lines.get(9).replaceFirst("^[^,]*,", ","));
    Files.write(csv, lines);
    Path out = dir.resolve("drop");
    Run r = bms("fit", "--csv", csv.toString(), "--target", "y", "--features", "u,w", "--drop-missing", "--out",
        out.toString(), "--steps", "5", "--inducing", "100", "-q");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("28 rows are fewer than the 100 inducing points asked for (--inducing); using M = 28"),
        r.err());
    RunSummary s = SummaryJson.read(out.resolve("summary.json"));
    assertEquals(28, ((Number) s.results().get("rows")).intValue());
    assertEquals(2, ((Number) s.results().get("rowsLeftOut")).intValue());
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> settings = (java.util.Map<String, Object>) s.results().get("settings");
    assertEquals(28, ((Number) settings.get("numInducing")).intValue());
  }

  @Test
  void unusableModelFilesAndInputsStopWithExitCodeTwo() throws IOException {
    Path csv = data(dir.resolve("t.csv"), 5, 30, 2);
    Path out = dir.resolve("m");
    assertEquals(0, bms(args("fit", "--csv", csv.toString(), "--target", "y", "--features", "u,w", "--out",
        out.toString())).exit());
    Path model = out.resolve("model.bin");
    byte[] good = Files.readAllBytes(model);
    Path pred = dir.resolve("p.csv");

    byte[] corrupt = good.clone();
    corrupt[good.length / 2] ^= 0x10;
    Path bad = dir.resolve("corrupt.bin");
    Files.write(bad, corrupt);
    Run c = bms("predict", "--model", bad.toString(), "--csv", csv.toString(), "--out", pred.toString());
    assertEquals(BmsCommand.EXIT_BAD_INPUT, c.exit(), c.err());
    assertTrue(c.err().contains(bad + ": checksum mismatch"), c.err());

    // Another format version, with a valid checksum: refused by its version.
    byte[] other = good.clone();
    ByteBuffer.wrap(other, 8, 4).putInt(ModelFile.FORMAT_VERSION + 1);
    CRC32 crc = new CRC32();
    crc.update(other, 0, other.length - 8);
    ByteBuffer.wrap(other, other.length - 8, 8).putLong(crc.getValue());
    Path v2 = dir.resolve("v2.bin");
    Files.write(v2, other);
    Run v = bms("predict", "--model", v2.toString(), "--csv", csv.toString(), "--out", pred.toString());
    assertEquals(BmsCommand.EXIT_BAD_INPUT, v.exit(), v.err());
    assertTrue(v.err().contains("format version " + (ModelFile.FORMAT_VERSION + 1) + " is not supported"), v.err());

    Path noW = dir.resolve("no-w.csv");
    Files.writeString(noW, "u,v\n1,2\n");
    Run missing = bms("predict", "--model", model.toString(), "--csv", noW.toString(), "--out", pred.toString());
    assertEquals(BmsCommand.EXIT_BAD_INPUT, missing.exit(), missing.err());
    assertTrue(missing.err().contains(noW + " (line 1): no column named 'w'"), missing.err());
    Path nan = dir.resolve("nan.csv");
    Files.writeString(nan, "u,w\n1,2\n3,NaN\n4,5\n");
    Run n = bms("predict", "--model", model.toString(), "--csv", nan.toString(), "--out", pred.toString());
    assertEquals(BmsCommand.EXIT_BAD_INPUT, n.exit(), n.err());
    assertTrue(n.err().contains("(line 3, column 2 'w')"), n.err());
    assertTrue(Files.notExists(pred));
    Run dropped = bms("predict", "--model", model.toString(), "--csv", nan.toString(), "--out", pred.toString(),
        "--drop-missing");
    assertEquals(0, dropped.exit(), dropped.err());
    UserTable written = UserCsv.read(pred);
    assertEquals(List.of("2", "4"), List.of(written.cells(0, new int[] {0, 1})));
  }
}
