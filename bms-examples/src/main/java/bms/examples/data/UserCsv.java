package bms.examples.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a user's CSV file (for {@code bms fit} and {@code bms predict}) through Jackson's CSV
 * parser, which handles quoting, quoted separators and line breaks, CRLF and the encodings a
 * byte-order mark announces (UTF-8 without one). The first record is the header; every later
 * record must have as many fields. Cells stay text here; {@link UserTable} turns the columns a
 * command asks for into numbers or labels. Every error is a {@link DataFileException} naming the
 * file and the line (and the column where there is one).
 */
public final class UserCsv {
  private static final CsvFactory FACTORY = CsvFactory.builder().build();

  private UserCsv() {}

  /**
   * Reads {@code file}.
   *
   * @throws DataFileException if the file is empty, has no usable header, ragged records or
   *     text the parser cannot read
   * @throws IOException if the file cannot be read at all
   */
  public static UserTable read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try (CsvParser p = (CsvParser) FACTORY.createParser(file.toFile())) {
      p.enable(CsvParser.Feature.TRIM_SPACES);
      List<String> record = new ArrayList<>();
      int recordLine = 0;
      JsonToken t;
      while ((t = next(p, file, recordLine)) != null) {
        if (t == JsonToken.START_ARRAY) {
          record.clear();
          recordLine = -1;
        } else if (t == JsonToken.VALUE_STRING) {
          if (recordLine < 0) {
            // The record's start token sits at the end of the previous record; its first cell is where it starts.
            recordLine = p.currentTokenLocation().getLineNr();
          }
          record.add(p.getText());
        } else if (t == JsonToken.END_ARRAY) {
          if (record.isEmpty()) {
            continue; // no cells at all (nothing after the last line break)
          }
          if (header == null) {
            header = header(file, recordLine, record);
          } else {
            if (record.size() == 1 && record.get(0).isEmpty() && header.size() > 1) {
              record.clear(); // a blank line: a record with every cell missing
              for (int j = 0; j < header.size(); j++) record.add("");
            }
            if (record.size() != header.size()) {
              throw new DataFileException(file, "line " + recordLine, "the record has " + record.size()
                  + " fields, the header has " + header.size());
            }
            rows.add(record.toArray(new String[0]));
            lines.add(recordLine);
          }
        }
      }
    }
    if (header == null) {
      throw new DataFileException(file, "", "the file is empty (a header row with column names is required)");
    }
    if (rows.isEmpty()) {
      throw new DataFileException(file, "line 2", "the file has a header but no data rows");
    }
    return new UserTable(file, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  private static JsonToken next(CsvParser p, Path file, int recordLine) throws IOException {
    try {
      return p.nextToken();
    } catch (JsonProcessingException e) {
      int line = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr()
          : Math.max(1, recordLine);
      throw new DataFileException(file, "line " + line, "cannot be read as CSV: " + e.getOriginalMessage(), e);
    } catch (java.io.CharConversionException e) {
      throw new DataFileException(file, "line " + Math.max(1, recordLine), "not valid text: " + e.getMessage(), e);
    }
  }

  private static List<String> header(Path file, int line, List<String> names) {
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < names.size(); j++) {
      String name = names.get(j);
      if (name.isEmpty()) {
        throw new DataFileException(file, "line " + line + ", column " + (j + 1),
            "the header has no name for column " + (j + 1) + " (a header row with a name per column is required)");
      }
      Integer before = seen.putIfAbsent(name, j + 1);
      if (before != null) {
        throw new DataFileException(file, "line " + line + ", column " + (j + 1),
            "the header names '" + name + "' twice (columns " + before + " and " + (j + 1) + ")");
      }
    }
    boolean allNumbers = names.stream().allMatch(n -> CsvReader.isNumber(n));
    if (allNumbers) {
      throw new DataFileException(file, "line " + line,
          "the first line holds only numbers: a header row with column names is required");
    }
    return List.copyOf(names);
  }
}
