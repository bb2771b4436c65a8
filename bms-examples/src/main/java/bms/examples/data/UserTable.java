package bms.examples.data;

import bms.core.matrix.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's CSV file as text cells ({@link UserCsv}): the header, the records and the line each
 * record starts on. The columns a command uses become numbers ({@link #numbers}) or labels
 * ({@link #cells}); every error names the file, the line and the column by number and name.
 *
 * <p>A cell is missing when it is empty, "NaN" or "NA" (any case). Missing cells in the columns a
 * command uses are an error, or, with {@code dropMissing}, drop their record ({@link #complete}).
 */
public final class UserTable {
  private final Path file;
  private final List<String> header;
  private final List<String[]> rows;
  private final int[] lines;

  UserTable(Path file, List<String> header, List<String[]> rows, int[] lines) {
    this.file = file;
    this.header = List.copyOf(header);
    this.rows = List.copyOf(rows);
    this.lines = lines.clone();
  }

  public Path file() {
    return file;
  }

  public List<String> header() {
    return header;
  }

  /** The number of data records. */
  public int size() {
    return rows.size();
  }

  /** The line of the file on which record {@code row} starts. */
  public int line(int row) {
    return lines[row];
  }

  /** The index of the column called {@code name}; {@code option} says who asked, for the error. */
  public int column(String name, String option) {
    int j = header.indexOf(name);
    if (j < 0) {
      throw new DataFileException(file, "line 1", "no column named '" + name + "' (" + option + "); the header has "
          + String.join(", ", header));
    }
    return j;
  }

  /** Whether a cell counts as missing: empty, NaN or NA. */
  public static boolean isMissing(String cell) {
    String c = cell.strip().toLowerCase(Locale.ROOT);
    return c.isEmpty() || c.equals("nan") || c.equals("na");
  }

  /**
   * The records with no missing cell in {@code columns}, in file order. Without
   * {@code dropMissing} the first missing cell is an error naming its line and column.
   */
  public int[] complete(int[] columns, boolean dropMissing) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      int missing = -1;
      for (int j : columns) {
        if (isMissing(rows.get(i)[j])) {
          missing = j;
          break;
        }
      }
      if (missing < 0) {
        keep.add(i);
      } else if (!dropMissing) {
        throw new DataFileException(file, where(i, missing), "the cell is missing ("
            + CsvReader.quoted(rows.get(i)[missing]) + "); fill it in, or pass --drop-missing to leave such rows out");
      }
    }
    if (keep.isEmpty()) {
      throw new DataFileException(file, "", "every row has a missing cell in the columns used");
    }
    return keep.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The cells of {@code columns} in the records {@code rowIndex} as finite numbers, one matrix row per record. */
  public Matrix numbers(int[] columns, int[] rowIndex) {
    double[] v = new double[Math.multiplyExact(rowIndex.length, columns.length)];
    for (int r = 0; r < rowIndex.length; r++) {
      String[] row = rows.get(rowIndex[r]);
      for (int c = 0; c < columns.length; c++) {
        v[r * columns.length + c] = number(rowIndex[r], columns[c], row[columns[c]]);
      }
    }
    return Matrix.wrap(rowIndex.length, columns.length, v);
  }

  /** The cells of one column in the records {@code rowIndex}, as text (stripped). */
  public String[] cells(int column, int[] rowIndex) {
    String[] out = new String[rowIndex.length];
    for (int r = 0; r < rowIndex.length; r++) {
      out[r] = rows.get(rowIndex[r])[column].strip();
    }
    return out;
  }

  /** Whether every cell of {@code column} in {@code rowIndex} is a number. */
  public boolean allNumbers(int column, int[] rowIndex) {
    for (int i : rowIndex) {
      if (!CsvReader.isNumber(rows.get(i)[column].strip())) {
        return false;
      }
    }
    return true;
  }

  private double number(int row, int column, String cell) {
    String tok = cell.strip();
    if (!CsvReader.isNumber(tok)) {
      throw new DataFileException(file, where(row, column), CsvReader.quoted(tok) + " is not a number");
    }
    double v = Double.parseDouble(tok);
    if (!Double.isFinite(v)) {
      throw new DataFileException(file, where(row, column), "'" + tok + "' overflows a double");
    }
    return v;
  }

  /** "line L, column C ('name')". */
  public String where(int row, int column) {
    return "line " + lines[row] + ", column " + (column + 1) + " '" + header.get(column) + "'";
  }
}
