package bms.examples;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The benchmarks {@code bms bench} can run, found by class name so that the command builds and
 * lists them even before every benchmark class exists.
 *
 * <p>A benchmark is a class with a public static method {@code run} whose first parameter is the
 * {@link PrintStream} for its report; the other parameters are filled by type from the command
 * line: {@code String[]} (extra arguments), {@code long} (--seed), {@code boolean} (--quiet) and
 * {@link Path} (--out). Of several such methods the one taking the most parameters is used;
 * a class with only {@code main(String[])} is run through that instead.
 */
public final class BenchmarkRegistry {
  /** One benchmark: its command-line name, class and what it measures. */
  public record Entry(String name, String className, String description) {}

  /** What the command line supplies to a benchmark. */
  public record Invocation(PrintStream out, String[] args, long seed, boolean quiet, Path outDir) {}

  private final List<Entry> entries;

  public BenchmarkRegistry(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The benchmarks of bms, in bms.examples.bench. */
  public static BenchmarkRegistry standard() {
    return new BenchmarkRegistry(List.of(
        new Entry("linalg", "bms.examples.bench.LinalgBenchmark",
            "linear-algebra backends: gemm, syrk, Cholesky, triangular solves"),
        new Entry("kernels", "bms.examples.bench.KernelBenchmark",
            "kernel matrices and their gradients"),
        new Entry("models", "bms.examples.bench.ModelStepBenchmark",
            "one training step (bound and gradient) of each model"),
        new Entry("study", "bms.examples.bench.StudyBenchmark",
            "one training step of each MNIST study model against its flops and raw dgemm")));
  }

  public List<Entry> entries() {
    return entries;
  }

  public Entry entry(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown benchmark '" + name + "'; known: "
            + entries.stream().map(Entry::name).collect(Collectors.joining(", "))));
  }

  /** The benchmark's class, or empty when it is not part of this build. */
  public Optional<Class<?>> benchmarkClass(Entry e) {
    try {
      return Optional.of(Class.forName(e.className(), true, BenchmarkRegistry.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError ex) {
      return Optional.empty();
    }
  }

  /** Whether the benchmark exists in this build with a method bms can call. */
  public boolean available(Entry e) {
    return benchmarkClass(e).map(c -> entryPoint(c).isPresent()).orElse(false);
  }

  /**
   * Runs the benchmark and returns what its {@code run} returned (null for void or main).
   *
   * @throws IllegalStateException if the class is missing or has no method bms can call
   */
  public Object run(Entry e, Invocation inv) throws Exception {
    Class<?> c = benchmarkClass(e).orElseThrow(() -> new IllegalStateException(
        "benchmark '" + e.name() + "' (" + e.className() + ") is not part of this build"));
    Method m = entryPoint(c).orElseThrow(() -> new IllegalStateException(e.className()
        + " has no public static run(PrintStream, ...) with parameters among (String[], long,"
        + " boolean, Path), nor main(String[]); found: " + describeMethods(c)));
    boolean takesArgs = Arrays.asList(m.getParameterTypes()).contains(String[].class);
    if (!takesArgs && inv.args().length > 0) {
      throw new IllegalArgumentException("benchmark '" + e.name() + "' takes no extra arguments, got "
          + Arrays.toString(inv.args()));
    }
    Object[] values;
    if (m.getName().equals("main")) {
      values = new Object[] {inv.args()};
    } else {
      Class<?>[] types = m.getParameterTypes();
      values = new Object[types.length];
      values[0] = inv.out();
      for (int i = 1; i < types.length; i++) {
        values[i] = valueFor(types[i], inv);
      }
    }
    try {
      return m.invoke(null, values);
    } catch (InvocationTargetException ex) {
      Throwable cause = ex.getCause();
      if (cause instanceof Exception x) {
        throw x;
      }
      throw (Error) cause;
    }
  }

  /** The method bms would call on {@code c}, if any. */
  static Optional<Method> entryPoint(Class<?> c) {
    Method best = null;
    for (Method m : c.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers()) || !m.getName().equals("run")) {
        continue;
      }
      Class<?>[] t = m.getParameterTypes();
      if (t.length == 0 || t[0] != PrintStream.class || !Arrays.stream(t).skip(1).allMatch(BenchmarkRegistry::supplied)) {
        continue;
      }
      if (Arrays.stream(t).distinct().count() != t.length) {
        continue; // two parameters of one type would be ambiguous
      }
      if (best == null || t.length > best.getParameterCount()) {
        best = m;
      }
    }
    if (best == null) {
      try {
        Method main = c.getMethod("main", String[].class);
        if (Modifier.isStatic(main.getModifiers())) {
          best = main;
        }
      } catch (NoSuchMethodException ignored) {
        // neither run nor main: not callable
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean supplied(Class<?> t) {
    return t == String[].class || t == long.class || t == Long.class || t == boolean.class
        || t == Boolean.class || t == Path.class;
  }

  private static Object valueFor(Class<?> t, Invocation inv) {
    if (t == String[].class) {
      return inv.args();
    }
    if (t == long.class || t == Long.class) {
      return inv.seed();
    }
    if (t == boolean.class || t == Boolean.class) {
      return inv.quiet();
    }
    return inv.outDir();
  }

  private static String describeMethods(Class<?> c) {
    List<String> found = new ArrayList<>();
    for (Method m : c.getMethods()) {
      if (m.getDeclaringClass() == c) {
        found.add(m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")")));
      }
    }
    return found.isEmpty() ? "no public methods" : String.join("; ", found);
  }
}
