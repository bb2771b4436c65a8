package bms.examples.study;

import bms.core.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one model's training recorded at every Adam step: the minibatch estimate of the bound per
 * data point, the learned ranges, and the cumulative training seconds. Saved beside each
 * checkpoint (trace.json), so a resumed run keeps its whole history for the plots and its
 * training time.
 */
public final class Trace {
  static final String FILE_NAME = "trace.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<Double> bound = new ArrayList<>();
  private final List<Double> seconds = new ArrayList<>();
  private final Map<String, List<Double>> ranges = new LinkedHashMap<>();

  /** Appends step {@code size() + 1}. */
  public void add(double boundPerPoint, double cumulativeSeconds, Map<String, Double> rangeValues) {
    bound.add(boundPerPoint);
    seconds.add(cumulativeSeconds);
    for (Map.Entry<String, Double> e : rangeValues.entrySet()) {
      List<Double> column = ranges.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
      if (column.size() != bound.size() - 1) {
        throw new IllegalArgumentException("range '" + e.getKey() + "' has " + column.size()
            + " values but the trace has " + (bound.size() - 1) + " earlier steps");
      }
      column.add(e.getValue());
    }
  }

  /** The number of steps recorded. */
  public int size() {
    return bound.size();
  }

  public double[] bound() {
    return toArray(bound);
  }

  /** Training seconds after the last recorded step (0 for an empty trace). */
  public double seconds() {
    return seconds.isEmpty() ? 0.0 : seconds.get(seconds.size() - 1);
  }

  /** The names of the recorded ranges. */
  public List<String> rangeNames() {
    return new ArrayList<>(ranges.keySet());
  }

  public double[] range(String name) {
    List<Double> r = ranges.get(name);
    if (r == null) throw new IllegalArgumentException("no range '" + name + "' in the trace; it has " + ranges.keySet());
    return toArray(r);
  }

  /** Keeps the first {@code steps} steps (a checkpoint's step count). */
  public void truncate(int steps) {
    if (steps < 0 || steps > size()) {
      throw new IllegalArgumentException("cannot keep " + steps + " steps of a trace of " + size());
    }
    bound.subList(steps, bound.size()).clear();
    seconds.subList(steps, seconds.size()).clear();
    for (List<Double> r : ranges.values()) r.subList(steps, r.size()).clear();
  }

  void write(Path dir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bound", bound);
    json.put("seconds", seconds);
    json.put("ranges", ranges);
    AtomicFiles.writeString(dir.resolve(FILE_NAME), MAPPER.writeValueAsString(json));
  }

  /** The trace saved in {@code dir}, or an empty one when there is none. */
  static Trace read(Path dir) throws IOException {
    Trace t = new Trace();
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) return t;
    Map<?, ?> json = MAPPER.readValue(file.toFile(), Map.class);
    try {
      for (Object v : (List<?>) json.get("bound")) t.bound.add(number(v));
      for (Object v : (List<?>) json.get("seconds")) t.seconds.add(number(v));
      for (Map.Entry<?, ?> e : ((Map<?, ?>) json.get("ranges")).entrySet()) {
        List<Double> r = new ArrayList<>();
        for (Object v : (List<?>) e.getValue()) r.add(number(v));
        t.ranges.put((String) e.getKey(), r);
      }
    } catch (ClassCastException | NullPointerException e) {
      throw new IOException(file + " is not a training trace: " + e.getMessage(), e);
    }
    if (t.seconds.size() != t.bound.size()) {
      throw new IOException(file + " holds " + t.bound.size() + " bounds but " + t.seconds.size() + " times");
    }
    return t;
  }

  private static double number(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) return Double.parseDouble(s); // "NaN", "Infinity"
    throw new ClassCastException("not a number: " + v);
  }

  private static double[] toArray(List<Double> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = list.get(i);
    return out;
  }
}
