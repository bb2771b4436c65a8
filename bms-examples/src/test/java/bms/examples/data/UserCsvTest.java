package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** User CSVs through Jackson: what reads back, and where each kind of bad file is reported. */
class UserCsvTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  /** A random table: names with commas, quotes and spaces, numbers written in several ways. */
  private record Table(List<String> header, double[][] values, String text) {}

  private static Table randomTable(Random rng, String eol) {
    int c = 1 + rng.nextInt(5);
    int n = 1 + rng.nextInt(30);
    List<String> header = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < c; j++) {
      String name = switch (rng.nextInt(3)) {
        case 0 -> "x" + j;
        case 1 -> "col, " + j; // needs quotes
        default -> "say \"" + j + "\""; // quotes inside quotes
      };
      header.add(name);
      sb.append(j > 0 ? "," : "").append(quote(name));
    }
    sb.append(eol);
    double[][] v = new double[n][c];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        v[i][j] = rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 3);
        String cell = Double.toString(v[i][j]);
        if (rng.nextInt(4) == 0) cell = " " + cell + " "; // surrounding spaces are trimmed
        if (rng.nextInt(4) == 0) cell = "\"" + cell + "\""; // quoted numbers are numbers
        sb.append(j > 0 ? "," : "").append(cell);
      }
      sb.append(eol);
    }
    return new Table(header, v, sb.toString());
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static int[] all(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void quotedHeadersAndCellsReadBackExactlyInEveryEncoding(long seed) throws IOException {
    Random rng = new Random(seed);
    Table t = randomTable(rng, rng.nextBoolean() ? "\n" : "\r\n");
    Charset cs = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)
        .get(rng.nextInt(3));
    // UTF-16 needs its byte-order mark; UTF-8 may have one.
    String bom = cs == StandardCharsets.UTF_8 && rng.nextBoolean() || cs != StandardCharsets.UTF_8 ? "\uFEFF" : "";
    Path f = dir.resolve("t.csv");
    Files.write(f, (bom + t.text()).getBytes(cs));
    UserTable u = UserCsv.read(f);
    assertEquals(t.header(), u.header());
    assertEquals(t.values().length, u.size());
    int c = t.header().size();
    int[] cols = all(c);
    Matrix m = u.numbers(cols, all(u.size()));
    for (int i = 0; i < u.size(); i++) {
      assertArrayEquals(t.values()[i], java.util.Arrays.copyOfRange(m.data(), i * c, (i + 1) * c));
      assertEquals(i + 2, u.line(i), "records start on their own lines");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aBadCellIsReportedWithItsLineAndColumn(long seed) throws IOException {
    Random rng = new Random(seed);
    Table t = randomTable(rng, "\n");
    String[] lines = t.text().split("\n");
    int row = 1 + rng.nextInt(lines.length - 1);
    int c = t.header().size();
    int col = rng.nextInt(c);
    String bad = List.of("abc", "1.2.3", "0x10", "1e5x", "Infinity").get(rng.nextInt(5));
    String[] cells = new String[c];
    for (int j = 0; j < c; j++) cells[j] = Double.toString(t.values()[row - 1][j]);
    cells[col] = bad;
    lines[row] = String.join(",", cells);
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, String.join("\n", lines) + "\n");
    UserTable u = UserCsv.read(f);
    DataFileException e = assertThrows(DataFileException.class, () -> u.numbers(all(c), all(u.size())));
    assertEquals("line " + (row + 1) + ", column " + (col + 1) + " '" + t.header().get(col) + "'", e.location());
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(bad), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void missingCellsAreErrorsOrDroppedRows(long seed) throws IOException {
    Random rng = new Random(seed);
    int n = 3 + rng.nextInt(20);
    StringBuilder sb = new StringBuilder("a,b\n");
    List<Integer> missingRows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean missing = rng.nextInt(3) == 0 && missingRows.size() < n - 1;
      String cell = missing ? List.of("", "NaN", "nan", "NA").get(rng.nextInt(4)) : Integer.toString(i);
      if (missing) missingRows.add(i);
      sb.append(i).append(',').append(cell).append('\n');
    }
    Path f = dir.resolve("m.csv");
    Files.writeString(f, sb.toString());
    UserTable u = UserCsv.read(f);
    int[] keep = u.complete(new int[] {0, 1}, true);
    assertEquals(n - missingRows.size(), keep.length);
    for (int k : keep) assertTrue(!missingRows.contains(k));
    if (!missingRows.isEmpty()) {
      DataFileException e = assertThrows(DataFileException.class, () -> u.complete(new int[] {0, 1}, false));
      assertEquals("line " + (missingRows.get(0) + 2) + ", column 2 'b'", e.location());
      assertTrue(e.getMessage().contains("--drop-missing"), e.getMessage());
      // Only the columns asked for count: column a alone has no missing cell.
      assertEquals(n, u.complete(new int[] {0}, false).length);
    }
  }

  private DataFileException readFails(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    DataFileException e = assertThrows(DataFileException.class, () -> UserCsv.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    return e;
  }

  @Test
  void badHeadersAndRecordsNameTheirPlace() throws IOException {
    assertEquals("line 1, column 2", readFails("empty-name.csv", "a,,c\n1,2,3\n").location());
    DataFileException dup = readFails("dup.csv", "a,b,a\n1,2,3\n");
    assertEquals("line 1, column 3", dup.location());
    assertTrue(dup.getMessage().contains("'a' twice (columns 1 and 3)"), dup.getMessage());
    assertTrue(readFails("numbers.csv", "1,2\n3,4\n").getMessage().contains("header row"));
    assertTrue(readFails("empty.csv", "").getMessage().contains("empty"));
    assertTrue(readFails("header-only.csv", "a,b\n").getMessage().contains("no data rows"));
    DataFileException ragged = readFails("ragged.csv", "a,b\n1,2\n3\n");
    assertEquals("line 3", ragged.location());
    assertTrue(ragged.getMessage().contains("1 fields, the header has 2"), ragged.getMessage());
    Path binary = dir.resolve("binary.csv");
    Files.write(binary, new byte[] {'a', ',', 'b', '\n', '1', ',', (byte) 0xff, (byte) 0xfe, '\n'});
    DataFileException utf = assertThrows(DataFileException.class, () -> UserCsv.read(binary));
    assertTrue(utf.getMessage().startsWith(binary.toString()) && utf.location().startsWith("line"), utf.getMessage());
    // A quoted cell over two lines: the next record starts on line 4.
    Path f = dir.resolve("multi.csv");
    Files.writeString(f, "a,note\n1,\"two\nlines\"\n2,x\n");
    UserTable u = UserCsv.read(f);
    assertEquals(2, u.size());
    assertEquals(4, u.line(1));
    assertEquals("two\nlines", u.cells(1, new int[] {0})[0]);
    DataFileException col = assertThrows(DataFileException.class, () -> u.column("price", "--target"));
    assertTrue(col.getMessage().contains("no column named 'price' (--target)") && col.getMessage().contains("a, note"),
        col.getMessage());
  }
}
