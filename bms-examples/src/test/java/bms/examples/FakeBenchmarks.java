package bms.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Stand-ins for benchmark classes, to test how bms finds and calls them. */
final class FakeBenchmarks {
  private FakeBenchmarks() {}

  /** run(PrintStream, String[], long, boolean, Path): every supplied parameter. */
  public static final class Full {
    public static Map<String, Object> run(PrintStream out, String[] args, long seed, boolean quiet, Path dir) {
      out.println("full args=" + Arrays.toString(args) + " seed=" + seed + " quiet=" + quiet);
      return Map.of("seed", seed, "args", Arrays.asList(args), "dir", dir.toString());
    }

    public static void run(PrintStream out) {
      out.println("the smaller overload must not be chosen");
    }
  }

  /** run(PrintStream) only. */
  public static final class Plain {
    public static void run(PrintStream out) {
      out.println("plain ran");
    }
  }

  /** main(String[]) only. */
  public static final class WithMain {
    static String[] lastArgs;

    public static void main(String[] args) {
      lastArgs = args;
    }
  }

  /** A run method bms cannot supply (an int parameter). */
  public static final class Unsupported {
    public static void run(PrintStream out, int size) {
      out.println(size);
    }
  }

  /** A benchmark that fails. */
  public static final class Failing {
    public static void run(PrintStream out) {
      throw new IllegalStateException("benchmark broke");
    }
  }
}
