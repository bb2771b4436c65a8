package bms.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.spark.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SvgpCommandTest {
  private static final Pattern FINGERPRINT = Pattern.compile("\"fingerprint\":\"([0-9a-f]+)\"");

  private static String run(Path json, String... extra) throws IOException {
    String[] base = {"svgp", "--synthetic", "1500", "--partitions", "3", "--inducing", "8", "--batch", "64", "--seed", "2",
        "--out", json.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    assertEquals(0, new CommandLine(new BmsSpark()).execute(args));
    Matcher m = FINGERPRINT.matcher(Files.readString(json));
    assertTrue(m.find());
    return m.group(1);
  }

  @Test
  void aResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path dir) throws IOException {
    SparkTestSession.get();
    String whole = run(dir.resolve("a.json"), "--steps", "30");
    Path ckpt = dir.resolve("ckpt");
    run(dir.resolve("b.json"), "--steps", "20", "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "10");
    String resumed = run(dir.resolve("c.json"), "--steps", "30", "--checkpoint-dir", ckpt.toString(), "--resume");
    assertTrue(Files.readString(dir.resolve("c.json")).contains("\"resumedFromStep\":20"));
    assertEquals(whole, resumed);
  }
}
