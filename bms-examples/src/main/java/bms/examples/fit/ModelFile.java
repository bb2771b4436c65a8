package bms.examples.fit;

import bms.core.io.AtomicFiles;
import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.examples.data.Standardizer;
import bms.examples.uci.FitSettings;
import bms.examples.uci.LikelihoodChoice;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The {@code model.bin} format of {@code bms fit}, on the conventions of bms-core's checkpoint
 * files (no Java serialisation; big-endian, as {@link DataOutputStream} writes):
 *
 * <pre>
 *   magic       8 bytes   "BMSMODL\0"
 *   version     int32     {@value #FORMAT_VERSION}
 *   recipe      string    JSON: model, likelihood, features, target, labels, seed, settings
 *   structure   string    the model's structure description (class; path, shape, constraint per parameter)
 *   arrays      int32 count, then per array: string name, int32 rows, int32 cols, rows*cols float64 bits
 *               (standardizer.x.mean, .x.scale, .y.mean, .y.scale; conditioning.x and .y for gpr, sgpr)
 *   parameters  int32 count, then per parameter: string path, int32 rows, int32 cols, float64 bits
 *               (unconstrained values)
 *   checksum    int64     CRC-32 of every byte before it
 *   string = int32 byte length, then UTF-8 bytes
 * </pre>
 *
 * <p>{@link #fromBytes} is a plain function of the bytes: it checks the magic, the version and
 * the checksum, then every length against the bytes that remain before allocating anything, and
 * refuses with a {@link ModelFileException} naming the source and the problem. Files are written
 * atomically ({@link AtomicFiles}).
 */
public final class ModelFile {
  /** The format version this code writes; files of other versions are refused. */
  public static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = "BMSMODL\0".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String XM = "standardizer.x.mean";
  private static final String XS = "standardizer.x.scale";
  private static final String YM = "standardizer.y.mean";
  private static final String YS = "standardizer.y.scale";
  private static final String CX = "conditioning.x";
  private static final String CY = "conditioning.y";

  private ModelFile() {}

  /** The bytes of {@code m} in this format. */
  public static byte[] toBytes(SavedModel m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      writeString(out, JSON.writeValueAsString(recipe(m)));
      writeString(out, m.structure());
      Map<String, Matrix> arrays = new LinkedHashMap<>();
      Standardizer s = m.standardizer();
      arrays.put(XM, Matrix.row(s.xMean()));
      arrays.put(XS, Matrix.row(s.xScale()));
      arrays.put(YM, Matrix.row(s.yMean()));
      arrays.put(YS, Matrix.row(s.yScale()));
      if (m.conditioning() != null) {
        arrays.put(CX, m.conditioning().x());
        arrays.put(CY, m.conditioning().y());
      }
      writeMatrices(out, arrays);
      writeMatrices(out, new java.util.TreeMap<>(m.parameters()));
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory serialisation failed", e);
    }
  }

  /** Writes {@code m} to {@code file} atomically. */
  public static void write(SavedModel m, Path file) throws IOException {
    AtomicFiles.writeBytes(file, toBytes(m));
  }

  /** Reads a model file; every problem with its content is a {@link ModelFileException}. */
  public static SavedModel read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no model file there");
    }
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  /** Parses bytes written by {@link #toBytes}; {@code source} names them in errors. */
  public static SavedModel fromBytes(byte[] data, String source) throws ModelFileException {
    if (data.length < MAGIC.length + 4 + 8) {
      throw new ModelFileException(source + ": " + data.length + " bytes is too short for a bms model file"
          + " (truncated or not a model file)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new ModelFileException(source + ": not a bms model file (wrong magic bytes)");
      }
    }
    int version = ByteBuffer.wrap(data, MAGIC.length, 4).getInt();
    if (version != FORMAT_VERSION) {
      throw new ModelFileException(source + ": model file format version " + version + " is not supported (this"
          + " build reads version " + FORMAT_VERSION + "); fit the model again with this build");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    if (ByteBuffer.wrap(data, data.length - 8, 8).getLong() != crc.getValue()) {
      throw new ModelFileException(source + ": checksum mismatch (the file is truncated or corrupted)");
    }
    Reader r = new Reader(ByteBuffer.wrap(data, 0, data.length - 8), source);
    r.buf.position(MAGIC.length + 4);
    String recipeText = r.string("recipe");
    String structure = r.string("structure description");
    Map<String, Matrix> arrays = r.matrices("array");
    Map<String, Matrix> parameters = r.matrices("parameter");
    if (r.buf.hasRemaining()) {
      throw new ModelFileException(source + ": " + r.buf.remaining() + " unexpected bytes after the last field");
    }
    try {
      JsonNode recipe = JSON.readTree(recipeText);
      if (recipe == null || !recipe.isObject()) {
        throw new IllegalArgumentException("the recipe is not a JSON object");
      }
      Standardizer s = Standardizer.of(row(arrays, XM), row(arrays, XS), row(arrays, YM), row(arrays, YS));
      Dataset conditioning = arrays.containsKey(CX) || arrays.containsKey(CY)
          ? new Dataset(array(arrays, CX), array(arrays, CY)) : null;
      JsonNode st = field(recipe, "settings");
      FitSettings settings = new FitSettings(integer(st, "numInducing"), integer(st, "batchSize"),
          field(st, "steps").asLong(), number(st, "learningRate"), integer(st, "trainSamples"),
          integer(st, "testSamples"), number(st, "noiseVarianceInit"), integer(st, "maxHiddenWidth"),
          integer(st, "kmeansMaxPoints"));
      return new SavedModel(text(recipe, "model"), LikelihoodChoice.byId(text(recipe, "likelihood")),
          texts(recipe, "features"), text(recipe, "target"), texts(recipe, "labels"), settings,
          field(recipe, "seed").asLong(), s, conditioning, structure, parameters);
    } catch (JsonProcessingException e) {
      throw new ModelFileException(source + ": the recipe is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(source + ": corrupted model description: " + e.getMessage(), e);
    }
  }

  /**
   * The model in {@code data}, rebuilt and loaded with its parameters: {@link #fromBytes} and
   * {@link SavedModel#rebuild}, with every problem a {@link ModelFileException}.
   */
  public static LoadedModel load(byte[] data, String source) throws ModelFileException {
    SavedModel saved = fromBytes(data, source);
    try {
      return new LoadedModel(saved, saved.rebuild());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ModelFileException(source + ": the parameters do not fit the model the file describes: "
          + e.getMessage(), e);
    }
  }

  /** {@link #load(byte[], String)} of a file. */
  public static LoadedModel load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no model file there");
    }
    return load(Files.readAllBytes(file), file.toString());
  }

  /** A saved model and the model rebuilt from it. */
  public record LoadedModel(SavedModel saved, bms.examples.uci.RegressionModel model) {}

  private static ObjectNode recipe(SavedModel m) {
    ObjectNode r = JSON.createObjectNode();
    r.put("model", m.model());
    r.put("likelihood", m.likelihood().id());
    ArrayNode f = r.putArray("features");
    m.features().forEach(f::add);
    r.put("target", m.target());
    ArrayNode l = r.putArray("labels");
    m.labels().forEach(l::add);
    r.put("seed", m.seed());
    r.set("settings", JSON.valueToTree(m.settings().asMap()));
    return r;
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("the recipe has no '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + name + "' is not text");
    }
    return v.asText();
  }

  private static int integer(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isInt()) {
      throw new IllegalArgumentException("'" + name + "' is not an integer");
    }
    return v.asInt();
  }

  private static double number(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("'" + name + "' is not a number");
    }
    return v.asDouble();
  }

  private static List<String> texts(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isArray()) {
      throw new IllegalArgumentException("'" + name + "' is not a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException("'" + name + "' holds something other than text");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static Matrix array(Map<String, Matrix> arrays, String name) {
    Matrix m = arrays.get(name);
    if (m == null) {
      throw new IllegalArgumentException("the array '" + name + "' is missing");
    }
    return m;
  }

  private static double[] row(Map<String, Matrix> arrays, String name) {
    Matrix m = array(arrays, name);
    if (m.rows() != 1) {
      throw new IllegalArgumentException("the array '" + name + "' must be one row, got " + m.shapeString());
    }
    return m.data().clone();
  }

  private static void writeMatrices(DataOutputStream out, Map<String, Matrix> named) throws IOException {
    out.writeInt(named.size());
    for (Map.Entry<String, Matrix> e : named.entrySet()) {
      writeString(out, e.getKey());
      Matrix m = e.getValue();
      out.writeInt(m.rows());
      out.writeInt(m.cols());
      for (double v : m.data()) out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** Reads with every length checked against the bytes left, so a bad length never allocates. */
  private static final class Reader {
    final ByteBuffer buf;
    final String source;

    Reader(ByteBuffer buf, String source) {
      this.buf = buf;
      this.source = source;
    }

    void need(long n, String what) throws ModelFileException {
      if (n < 0 || n > buf.remaining()) {
        throw new ModelFileException(source + ": truncated or corrupted while reading " + what + " (needs " + n
            + " bytes, " + buf.remaining() + " left)");
      }
    }

    int count(String what) throws ModelFileException {
      need(4, what);
      int n = buf.getInt();
      if (n < 0) {
        throw new ModelFileException(source + ": corrupted " + what + " (" + n + ")");
      }
      return n;
    }

    String string(String what) throws ModelFileException {
      int len = count("length of the " + what);
      need(len, what);
      byte[] b = new byte[len];
      buf.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    Map<String, Matrix> matrices(String kind) throws ModelFileException {
      int n = count(kind + " count");
      // Each entry takes at least 12 bytes (name length, rows, cols): a count beyond that is corrupt.
      need(12L * n, n + " " + kind + "s");
      Map<String, Matrix> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = string(kind + " name");
        int rows = count("rows of " + kind + " " + name);
        int cols = count("columns of " + kind + " " + name);
        long size = (long) rows * cols;
        need(size * 8, "values of " + kind + " " + name);
        double[] v = new double[(int) size];
        for (int k = 0; k < v.length; k++) v[k] = Double.longBitsToDouble(buf.getLong());
        Matrix m;
        try {
          m = Matrix.wrap(rows, cols, v);
        } catch (IllegalArgumentException e) {
          throw new ModelFileException(source + ": corrupted shape of " + kind + " " + name + ": " + e.getMessage());
        }
        if (out.put(name, m) != null) {
          throw new ModelFileException(source + ": the " + kind + " '" + name + "' appears twice");
        }
      }
      return out;
    }
  }
}
