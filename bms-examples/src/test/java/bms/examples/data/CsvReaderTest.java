package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numeric CSV, valid and damaged in seeded random ways: a damaged file either fails with a
 * {@link DataFileException} naming the file and line, or (where no format could tell) loads
 * values that differ from the original only where the damage is. Never another exception.
 */
@Timeout(60)
class CsvReaderTest {
  private static final String[] BAD_TOKENS = {
    "abc", "NaN", "nan", "Infinity", "-Infinity", "", " ", "1.2.3", "0x10", "1d", "2f", "1e",
    "--1", "1,5", "\"3\"", "1e999", "+", ".", "e5", "1 2", "\u00a0", "\t"
  };

  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(100);
  }

  /** A random valid table: header names c0..c(k-1), values of many magnitudes. */
  private static double[][] randomValues(Random rng) {
    int n = 1 + rng.nextInt(30);
    int c = 1 + rng.nextInt(6);
    double[][] v = new double[n][c];
    for (double[] row : v) {
      for (int j = 0; j < c; j++) {
        row[j] = switch (rng.nextInt(4)) {
          case 0 -> rng.nextInt(1000) - 500;
          case 1 -> rng.nextGaussian();
          case 2 -> rng.nextGaussian() * Math.pow(10, rng.nextInt(40) - 20);
          default -> rng.nextDouble();
        };
      }
    }
    return v;
  }

  private static List<String> lines(double[][] v) {
    List<String> lines = new ArrayList<>();
    StringBuilder h = new StringBuilder();
    for (int j = 0; j < v[0].length; j++) {
      h.append(j == 0 ? "" : ",").append("c").append(j);
    }
    lines.add(h.toString());
    for (double[] row : v) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < row.length; j++) {
        sb.append(j == 0 ? "" : ",").append(row[j]);
      }
      lines.add(sb.toString());
    }
    return lines;
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static CsvTable readOrReject(Path p) throws IOException {
    try {
      return CsvReader.read(p);
    } catch (DataFileException e) {
      assertEquals(p, e.file());
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      return null;
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void validFilesLoadExactly(long seed) throws IOException {
    Random rng = new Random(seed);
    double[][] v = randomValues(rng);
    String eol = rng.nextBoolean() ? "\n" : "\r\n";
    CsvTable t = CsvReader.read(write("v.csv", String.join(eol, lines(v)) + eol));
    assertEquals(v.length, t.rows());
    assertEquals(v[0].length, t.cols());
    for (int i = 0; i < v.length; i++) {
      assertArrayEquals(v[i], t.values().rowArray(i), 0.0, "row " + i); // bit-exact
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void raggedRowIsRejectedWithItsLine(long seed) throws IOException {
    Random rng = new Random(seed);
    double[][] v = randomValues(rng);
    List<String> lines = lines(v);
    int at = 1 + rng.nextInt(v.length);
    String line = lines.get(at);
    boolean dropField = v[0].length > 1 && rng.nextBoolean();
    lines.set(at, dropField ? line.substring(0, line.lastIndexOf(',')) : line + "," + rng.nextInt(9));
    DataFileException e = assertThrows(DataFileException.class,
        () -> CsvReader.read(write("r.csv", String.join("\n", lines) + "\n")));
    assertEquals("line " + (at + 1), e.location());
    assertTrue(e.getMessage().contains("ragged row"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void nonNumericFieldIsRejectedWithLineAndColumn(long seed) throws IOException {
    Random rng = new Random(seed);
    double[][] v = randomValues(rng);
    List<String> lines = lines(v);
    int at = 1 + rng.nextInt(v.length);
    int col = rng.nextInt(v[0].length);
    String bad = BAD_TOKENS[rng.nextInt(BAD_TOKENS.length)];
    String[] fields = lines.get(at).split(",", -1);
    fields[col] = bad;
    lines.set(at, String.join(",", fields));
    DataFileException e = assertThrows(DataFileException.class,
        () -> CsvReader.read(write("n.csv", String.join("\n", lines) + "\n")));
    assertEquals("line " + (at + 1), e.location(), e.getMessage());
    // A token holding a comma splits into more fields: that is a ragged row, reported as such;
    // a blank token in a one-column file blanks the whole line.
    if (lines.get(at).isBlank()) {
      assertTrue(e.getMessage().contains("blank line"), e.getMessage());
    } else if (!bad.contains(",")) {
      assertTrue(e.getMessage().contains("column " + (col + 1) + " ('c" + col + "')"), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void truncationIsRejectedOrLeavesAnExactPrefixOfRows(long seed) throws IOException {
    Random rng = new Random(seed);
    double[][] v = randomValues(rng);
    byte[] full = (String.join("\n", lines(v)) + "\n").getBytes(StandardCharsets.UTF_8);
    int cut = rng.nextInt(full.length);
    CsvTable t = readOrReject(write("t.csv", Corruption.truncate(full, cut)));
    if (t != null) {
      // Only a cut right after a line's newline can load: then it is the first rows, exactly.
      assertEquals('\n', full[cut - 1]);
      assertTrue(t.rows() < v.length);
      for (int i = 0; i < t.rows(); i++) {
        assertArrayEquals(v[i], t.values().rowArray(i), 0.0);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bitFlipIsRejectedOrChangesOnlyItsOwnLine(long seed) throws IOException {
    Random rng = new Random(seed);
    double[][] v = randomValues(rng);
    byte[] full = (String.join("\n", lines(v)) + "\n").getBytes(StandardCharsets.UTF_8);
    int bit = rng.nextInt(8 * full.length);
    CsvTable t = readOrReject(write("b.csv", Corruption.flipBit(full, bit)));
    if (t != null) {
      // A digit turned into another digit is invisible to any CSV reader (the shipped files
      // have SHA-256 checks for that); it must change nothing outside its own row.
      int line = 0;
      for (int k = 0; k < bit / 8; k++) {
        line += full[k] == '\n' ? 1 : 0;
      }
      assertEquals(v.length, t.rows());
      for (int i = 0; i < v.length; i++) {
        if (i + 1 != line) {
          assertArrayEquals(v[i], t.values().rowArray(i), 0.0, "row " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBytesAreRejected(long seed) throws IOException {
    Random rng = new Random(seed);
    assertEquals(null, readOrReject(write("x.csv", Corruption.randomBytes(rng, rng.nextInt(400)))));
    // Random printable junk with newlines: valid UTF-8, so the row and field checks must act.
    StringBuilder sb = new StringBuilder();
    String alphabet = "0123456789.,-+eE\nabc ";
    for (int i = rng.nextInt(300); i > 0; i--) {
      sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
    }
    sb.append('\n');
    CsvTable t = readOrReject(write("y.csv", sb.toString()));
    if (t != null) { // possible in principle: then it must really be what the text says
      String[] lines = sb.toString().split("\n");
      assertEquals(lines[1].split(",", -1).length, t.cols());
    }
  }

  @Test
  void structuralErrorsSayWhatAndWhere() throws IOException {
    assertMessage(write("e.csv", ""), "", "empty");
    assertMessage(write("h.csv", "a,b\n"), "line 2", "no data rows");
    assertMessage(write("n.csv", "1,2\n3,4\n"), "line 1", "header row");
    assertMessage(write("d.csv", "a,a\n1,2\n"), "line 1", "twice");
    assertMessage(write("m.csv", "a,,c\n1,2,3\n"), "line 1", "empty name");
    assertMessage(write("t.csv", "a,b\n1,2\n3,4"), "line 3", "no newline");
    assertMessage(write("k.csv", "a,b\n1,2\n\n3,4\n"), "line 3", "blank line");
    assertMessage(write("j.csv", "a,b\n1,2\n3,4\n\n"), "line 4", "blank line");
    assertMessage(write("b.csv", "\na,b\n1,2\n"), "line 1", "blank");
    assertMessage(write("z.csv", "a,b\n1,\u00002\n"), "line 2", "NUL");
    assertMessage(write("u.csv", new byte[] {'a', '\n', '1', (byte) 0xC3, '\n'}), "byte 3", "UTF-8");
  }

  private static void assertMessage(Path p, String where, String what) {
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.read(p));
    assertEquals(where, e.location(), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  @Test
  void lastColumnBecomesTheTarget() throws IOException {
    CsvTable t = CsvReader.read(write("d.csv", "x1,x2,y\n1,2,3\n4,5,6\n"));
    NamedDataset d = t.toDataset("d");
    assertArrayEquals(new double[] {1, 2, 4, 5}, d.x().data());
    assertArrayEquals(new double[] {3, 6}, d.y().data());
    assertEquals(1, t.columnIndex("x2"));
    assertThrows(IllegalArgumentException.class, () -> t.columnIndex("x3"));
  }
}
