package bms.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.spark.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SgprCommandTest {

  @Test
  void trainsOnACsvByColumnNamesAndWritesASummary(@TempDir Path dir) throws IOException {
    SparkTestSession.get(); // the command reuses the running session and leaves it running
    StringBuilder sb = new StringBuilder("t,noise,y\n");
    for (int i = 0; i < 80; i++) {
      double t = -2 + 4.0 * i / 79;
      sb.append(t).append(',').append(i % 7).append(',').append(Math.sin(2 * t)).append('\n');
    }
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, sb.toString());
    Path json = dir.resolve("summary.json");
    int code = new CommandLine(new BmsSpark()).execute("sgpr", "--input", csv.toString(), "--x", "t", "--y", "y",
        "--inducing", "6", "--iterations", "5", "--partitions", "3", "--out", json.toString());
    assertEquals(0, code);
    String s = Files.readString(json);
    assertTrue(s.contains("\"rows\":80") && s.contains("\"partitions\":3") && s.contains("boundPerPoint"), s);
    assertTrue(!SparkTestSession.get().sparkContext().isStopped());
  }

  @Test
  void aMissingColumnIsNamed(@TempDir Path dir) throws IOException {
    SparkTestSession.get();
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "a,y\n1,2\n3,4\n");
    StringWriter err = new StringWriter();
    CommandLine cl = BmsSpark.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("sgpr", "--input", csv.toString(), "--x", "a,b", "--y", "y", "--inducing", "1");
    assertEquals(2, code);
    assertTrue(err.toString().contains("column 'b' is not in"), err.toString());
    assertTrue(!err.toString().contains("\tat "), "a message, not a stack trace: " + err);
  }

  @Test
  void optionsOutOfRangeAreNamed() {
    SparkTestSession.get();
    String[][] bad = {{"sgpr", "--synthetic", "100", "--inducing", "0"}, {"sgpr", "--synthetic", "100", "--dims", "0"},
        {"svgp", "--synthetic", "100", "--batch", "-1"}, {"svgp", "--synthetic", "100", "--lr", "0"}};
    String[] named = {"--inducing", "--dims", "--batch", "--lr"};
    for (int i = 0; i < bad.length; i++) {
      StringWriter err = new StringWriter();
      CommandLine cl = BmsSpark.commandLine();
      cl.setErr(new PrintWriter(err));
      assertEquals(2, cl.execute(bad[i]), String.join(" ", bad[i]));
      assertTrue(err.toString().contains(named[i] + " must be"), err.toString());
    }
  }
}
