package bms.examples.report;

import bms.core.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes and reads {@code summary.json} ({@link RunSummary}) with Jackson. */
public final class SummaryJson {
  /** The file name every run writes into its output folder. */
  public static final String FILE_NAME = "summary.json";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SummaryJson() {}

  /** The JSON text of {@code summary}, pretty-printed, ending in a newline. */
  public static String toJson(RunSummary summary) {
    try {
      return MAPPER.writeValueAsString(summary) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("summary cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  public static RunSummary fromJson(String json) {
    try {
      RunSummary s = MAPPER.readValue(json, RunSummary.class);
      if (s.format() != RunSummary.FORMAT) {
        throw new IllegalArgumentException(
            "summary format " + s.format() + " is not the supported " + RunSummary.FORMAT);
      }
      return s;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a valid summary: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@code summary} atomically to {@code file}. */
  public static void write(Path file, RunSummary summary) throws IOException {
    AtomicFiles.writeString(file, toJson(summary));
  }

  /** Writes {@code summary} atomically to {@code dir/summary.json} and returns that path. */
  public static Path writeInto(Path dir, RunSummary summary) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    write(file, summary);
    return file;
  }

  public static RunSummary read(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
