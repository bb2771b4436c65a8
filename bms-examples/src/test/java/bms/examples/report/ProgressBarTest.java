package bms.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The progress bar, driven by a fake clock. */
class ProgressBarTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static long[] fakeClock() {
    return new long[1];
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void etaAssumesTheAverageStepTimeSoFar(long seed) {
    Random rng = new Random(seed);
    long total = 1 + rng.nextInt(10_000);
    long done = 1 + rng.nextInt((int) total);
    long elapsedSeconds = 1 + rng.nextInt(5000);
    String line = ProgressBar.render("train", done, total, elapsedSeconds * 1_000_000_000L, "bound=-1.5");
    long etaSeconds = Math.round(elapsedSeconds * (double) (total - done) / done);
    assertTrue(line.contains("<" + ProgressBar.duration(etaSeconds)), line);
    assertTrue(line.contains(ProgressBar.duration(elapsedSeconds) + "<"), line);
    assertTrue(line.contains(done + "/" + total), line);
    assertTrue(line.contains(String.format("%3d%%", 100 * done / total)), line);
    assertTrue(line.endsWith("  bound=-1.5"), line);
    assertTrue(line.startsWith("train ["), line);
  }

  @Test
  void durationsReadAsMinutesOrHours() {
    assertEquals("00:30", ProgressBar.duration(30));
    assertEquals("02:05", ProgressBar.duration(125));
    assertEquals("1:00:01", ProgressBar.duration(3601));
    assertEquals("--:--", ProgressBar.render("x", 0, 10, 5_000_000_000L, "").split("<")[1].trim());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void quietBarPrintsNothingAndLogBarPrintsAtMostElevenLines(long seed) {
    Random rng = new Random(seed);
    int total = 1 + rng.nextInt(2000);
    long[] now = fakeClock();
    ByteArrayOutputStream quiet = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (ProgressBar q = new ProgressBar("q", total, new PrintStream(quiet), false, true, () -> now[0]);
        ProgressBar l = new ProgressBar("l", total, new PrintStream(log), true, false, () -> now[0])) {
      for (int i = 1; i <= total; i++) {
        now[0] += 1_000_000;
        q.update(i, "s");
        l.update(i, "s");
      }
    }
    assertEquals(0, quiet.size());
    String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
    assertTrue(lines.length >= 1 && lines.length <= 11, lines.length + " lines");
    assertTrue(lines[lines.length - 1].contains(total + "/" + total), lines[lines.length - 1]);
  }

  @Test
  void terminalBarRedrawsInPlaceAtMostTenTimesASecond() {
    long[] now = fakeClock();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ProgressBar b = new ProgressBar("t", 1000, new PrintStream(out), true, true, () -> now[0])) {
      for (int i = 1; i <= 1000; i++) {
        now[0] += 1_000_000; // 1 ms per step: 1 s in all
        b.update(i);
      }
    }
    String s = out.toString(StandardCharsets.UTF_8);
    long redraws = s.chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 10 && redraws <= 13, redraws + " redraws");
    assertTrue(s.endsWith("\n"));
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ProgressBar("x", 0, System.err, true));
    assertTrue(e.getMessage().contains("total"));
    ProgressBar b = new ProgressBar("x", 5, new PrintStream(new ByteArrayOutputStream()), false);
    IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> b.update(6));
    assertTrue(d.getMessage().contains("0..5"), d.getMessage());
  }
}
