package bms.examples.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code bms} run writes to {@code summary.json}: which command ran with which arguments
 * and seed, when, for how long, on what machine, and its results.
 *
 * <p>{@code results} maps names to JSON values: numbers, strings, booleans, lists and nested
 * maps (or records, written as objects). Non-finite numbers are written as the strings "NaN",
 * "Infinity" and "-Infinity".
 *
 * @param format the summary format version, {@link #FORMAT}
 * @param command the subcommand, e.g. "bench"
 * @param arguments the command-line arguments as given
 * @param seed the random seed of the run
 * @param started when the run began, ISO-8601 UTC (e.g. "2026-11-27T10:15:30Z")
 * @param wallSeconds how long the run took
 * @param environment Java version, operating system, cores and the like
 * @param results the command's own results
 */
public record RunSummary(
    int format,
    String command,
    List<String> arguments,
    long seed,
    String started,
    double wallSeconds,
    Map<String, String> environment,
    Map<String, Object> results) {
  /** The current format version; bump it when a field changes meaning. */
  public static final int FORMAT = 1;

  public RunSummary {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("command must not be blank");
    }
    // Copies keep the caller's order (LinkedHashMap) so the JSON reads in a stable order.
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    environment = Collections.unmodifiableMap(
        environment == null ? new LinkedHashMap<>() : new LinkedHashMap<>(environment));
    results = Collections.unmodifiableMap(
        results == null ? new LinkedHashMap<>() : new LinkedHashMap<>(results));
  }

  /** The machine and JVM this process runs on. */
  public static Map<String, String> currentEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    env.put("maxHeapMiB", String.format(Locale.ROOT, "%d", Runtime.getRuntime().maxMemory() >> 20));
    return env;
  }
}
