package bms.examples.data;

import bms.core.matrix.Matrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads strict numeric CSV: UTF-8 text, a header row of column names, then rows of finite
 * decimal numbers separated by commas, each line ended by a newline ("\n" or "\r\n").
 *
 * <p>Strict on purpose, so a damaged file fails loudly instead of loading wrong numbers: every
 * row must have as many fields as the header; every field must be a plain decimal number (no
 * NaN, Infinity, hex or Java suffixes that {@link Double#parseDouble} would accept); the last
 * line must end with a newline (a file cut inside its last line is caught); blank lines are
 * refused everywhere, since in a one-column file a blank line is a missing value. Errors name the
 * file and the line (or byte, for bad UTF-8).
 */
public final class CsvReader {
  // Optional sign, digits with an optional fraction (or a bare fraction), optional exponent.
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private CsvReader() {}

  /** Whether {@code token} is a plain decimal number as this reader accepts one (no NaN, hex, suffix). */
  static boolean isNumber(String token) {
    return NUMBER.matcher(token).matches();
  }

  /** {@code token} quoted for an error message, shortened, control characters escaped. */
  static String quoted(String token) {
    return describe(token);
  }

  /**
   * Reads {@code file}.
   *
   * @throws DataFileException if the content is not a valid numeric CSV with a header
   * @throws IOException if the file cannot be read at all
   */
  public static CsvTable read(Path file) throws IOException {
    String text = decodeUtf8(file, Files.readAllBytes(file));
    if (text.isEmpty()) {
      throw new DataFileException(file, "", "the file is empty (a header row is required)");
    }
    if (!text.endsWith("\n")) {
      int lastLine = (int) text.chars().filter(ch -> ch == '\n').count() + 1;
      throw new DataFileException(file, "line " + lastLine,
          "the last line has no newline at its end: the file looks truncated");
    }
    String[] lines = text.split("\n", -1); // the final element is the empty text after the last \n
    int lineCount = lines.length - 1;
    if (stripCr(lines[0]).isBlank()) {
      throw new DataFileException(file, "line 1", "the first line is blank (a header row is required)");
    }
    List<String> header = parseHeader(file, stripCr(lines[0]));
    int c = header.size();
    int n = lineCount - 1;
    if (n == 0) {
      throw new DataFileException(file, "line 2", "the file has a header but no data rows");
    }
    double[] values = new double[Math.multiplyExact(n, c)];
    for (int i = 0; i < n; i++) {
      int lineNo = i + 2;
      String line = stripCr(lines[i + 1]);
      if (line.isBlank()) {
        // Even at the end: in a one-column file a blank line is a missing value, not padding.
        throw new DataFileException(file, "line " + lineNo, "blank line");
      }
      String[] fields = line.split(",", -1);
      if (fields.length != c) {
        throw new DataFileException(file, "line " + lineNo,
            "ragged row: " + fields.length + " fields, the header has " + c);
      }
      for (int j = 0; j < c; j++) {
        String tok = fields[j].strip();
        if (!NUMBER.matcher(tok).matches()) {
          throw new DataFileException(file, "line " + lineNo, "column " + (j + 1) + " ('"
              + header.get(j) + "'): " + describe(tok) + " is not a finite decimal number");
        }
        double v = Double.parseDouble(tok);
        if (!Double.isFinite(v)) { // e.g. 1e999 overflows to infinity
          throw new DataFileException(file, "line " + lineNo, "column " + (j + 1) + " ('"
              + header.get(j) + "'): '" + tok + "' overflows a double");
        }
        values[i * c + j] = v;
      }
    }
    return new CsvTable(file, header, Matrix.wrap(n, c, values));
  }

  private static List<String> parseHeader(Path file, String line) {
    String[] names = line.split(",", -1);
    List<String> header = new ArrayList<>(names.length);
    Set<String> seen = new HashSet<>();
    boolean allNumeric = true;
    for (int j = 0; j < names.length; j++) {
      String name = names[j].strip();
      if (name.isEmpty()) {
        throw new DataFileException(file, "line 1", "header column " + (j + 1) + " has an empty name");
      }
      if (!seen.add(name)) {
        throw new DataFileException(file, "line 1", "header names column '" + name + "' twice");
      }
      allNumeric &= NUMBER.matcher(name).matches();
      header.add(name);
    }
    if (allNumeric) {
      throw new DataFileException(file, "line 1",
          "the first line holds only numbers: a header row with column names is required");
    }
    return header;
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static String describe(String tok) {
    if (tok.isEmpty()) {
      return "an empty field (missing value)";
    }
    String shown = tok.length() > 40 ? tok.substring(0, 40) + "..." : tok;
    StringBuilder sb = new StringBuilder("'");
    shown.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append('\'').toString();
  }

  /** Strict UTF-8 decoding that reports the byte offset of the first invalid sequence. */
  private static String decodeUtf8(Path file, byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      throw new DataFileException(file, "byte " + in.position(), "not valid UTF-8 text");
    }
    out.flip();
    String text = out.toString();
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      throw new DataFileException(file, "line " + (text.substring(0, nul).chars().filter(ch -> ch == '\n').count() + 1),
          "contains a NUL character: this is not a text file");
    }
    return text;
  }
}
