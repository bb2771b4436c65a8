package bms.examples.uci;

import bms.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The training objective against the step, kept in memory and written as {@code step,bound}
 * CSV beside the checkpoints, so a resumed run's plot starts from step 1, not from the resume.
 * Values are the minibatch estimates the optimiser saw (per step), not the full-data bound.
 */
public final class BoundTrace {
  private long[] steps = new long[64];
  private double[] values = new double[64];
  private int size;

  /** Appends (step, value); steps must increase. */
  public void add(long step, double value) {
    if (size > 0 && step <= steps[size - 1]) {
      throw new IllegalArgumentException("trace steps must increase: " + step + " after " + steps[size - 1]);
    }
    if (size == steps.length) {
      steps = Arrays.copyOf(steps, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    steps[size] = step;
    values[size] = value;
    size++;
  }

  public int size() {
    return size;
  }

  public long[] steps() {
    return Arrays.copyOf(steps, size);
  }

  public double[] values() {
    return Arrays.copyOf(values, size);
  }

  /** The last value, or NaN when empty. */
  public double last() {
    return size == 0 ? Double.NaN : values[size - 1];
  }

  /**
   * The mean of the values over the last {@code window} entries ending at each entry (a
   * trailing moving average): the minibatch noise hides the trend otherwise.
   */
  public double[] movingAverage(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    double[] out = new double[size];
    double sum = 0;
    int finite = 0;
    for (int i = 0; i < size; i++) {
      if (Double.isFinite(values[i])) {
        sum += values[i];
        finite++;
      }
      if (i >= window && Double.isFinite(values[i - window])) {
        sum -= values[i - window];
        finite--;
      }
      out[i] = finite == 0 ? Double.NaN : sum / finite;
    }
    return out;
  }

  /** Writes {@code step,bound} lines (with a header), atomically; doubles round-trip exactly. */
  public void write(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("step,bound\n");
    for (int i = 0; i < size; i++) {
      sb.append(steps[i]).append(',').append(Double.toString(values[i])).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /** Reads a file from {@link #write}, keeping the entries with step <= {@code upToStep}. */
  public static BoundTrace read(Path file, long upToStep) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).equals("step,bound")) {
      throw new IOException(file + ": not a bound trace (the first line must be 'step,bound')");
    }
    BoundTrace t = new BoundTrace();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(",", -1);
      try {
        if (parts.length != 2) {
          throw new NumberFormatException("expected 2 fields, got " + parts.length);
        }
        long step = Long.parseLong(parts[0].strip());
        if (step <= upToStep) {
          t.add(step, Double.parseDouble(parts[1].strip()));
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(String.format(Locale.ROOT, "%s line %d: '%s' is not 'step,bound' (%s)", file, i + 1,
            line, e.getMessage()), e);
      }
    }
    return t;
  }
}
