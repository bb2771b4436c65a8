package bms.core.linalg.gpu;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings of the CUDA backend, read from system properties or, where a property is unset, from
 * the environment variable of the same meaning.
 *
 * <ul>
 *   <li>{@code bms.gpu} / {@code BMS_GPU}: {@code auto} (default: use the GPU when one is present,
 *       for operations above the threshold), {@code off} (never), {@code force} (every operation
 *       on the GPU, and an error rather than a silent CPU fallback when no GPU can be used).
 *   <li>{@code bms.gpu.threshold} / {@code BMS_GPU_THRESHOLD}: an operation goes to the GPU when
 *       its size is at least N: n for the Cholesky factorisation of an n x n matrix, the geometric
 *       mean (m n k)^(1/3) of a product's dimensions, (n^2 r)^(1/3) for a triangular solve of order
 *       n with r right-hand sides. Measured crossovers against 16-core OpenBLAS lie at similar
 *       sizes for all three, which a flop count would not give (a Cholesky does a sixth of the
 *       flops of a product of the same size, for the same transfers).
 *   <li>{@code bms.gpu.reuse} / {@code BMS_GPU_REUSE}: keep results on the GPU so that a following
 *       operation on the same {@code Matrix} object needs no upload (default true).
 *   <li>{@code bms.gpu.copyThreads} / {@code BMS_GPU_COPY_THREADS}: threads that copy between Java
 *       arrays and pinned staging memory.
 * </ul>
 */
public record GpuConfig(Mode mode, int threshold, boolean reuse, int copyThreads) {

  /** Whether the GPU is used. */
  public enum Mode {
    AUTO, OFF, FORCE
  }

  /**
   * Default size threshold, from measurement (BENCHMARKS-gpu.md, H200 with 16 CPU cores): from
   * this size on, host to host through the GPU beat 16-thread OpenBLAS at gemm, potrf and trsm,
   * even OpenBLAS timed on native buffers without the copies a Java backend pays (at 640 the two
   * were within 5%; at 512 OpenBLAS still won gemm and trsm).
   */
  public static final int DEFAULT_THRESHOLD = 768;

  public GpuConfig {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must be >= 0, got " + threshold);
    }
    if (copyThreads < 1 || copyThreads > 256) {
      throw new IllegalArgumentException("copyThreads must be in [1, 256], got " + copyThreads);
    }
  }

  /** The defaults: auto mode, measured threshold, reuse on, up to 8 copy threads. */
  public static GpuConfig defaults() {
    return new GpuConfig(Mode.AUTO, DEFAULT_THRESHOLD, true, defaultCopyThreads());
  }

  private static int defaultCopyThreads() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  /** Reads system properties, then environment variables, then defaults. */
  public static GpuConfig fromSystem() {
    return parse(System::getProperty, System.getenv());
  }

  /**
   * Parses settings from a property lookup and an environment map (tests pass their own).
   *
   * @throws IllegalArgumentException naming the property when a value cannot be understood
   */
  public static GpuConfig parse(Function<String, String> properties, Map<String, String> env) {
    GpuConfig d = defaults();
    String modeText = lookup(properties, env, "bms.gpu", "BMS_GPU");
    Mode mode = d.mode();
    if (modeText != null) {
      mode = switch (modeText.trim().toLowerCase(Locale.ROOT)) {
        case "auto", "" -> Mode.AUTO;
        case "off", "false", "no", "0", "cpu" -> Mode.OFF;
        case "force", "on", "true", "yes", "1", "gpu" -> Mode.FORCE;
        default -> throw new IllegalArgumentException(
            "bms.gpu / BMS_GPU must be auto, off or force, got '" + modeText + "'");
      };
    }
    int threshold = intSetting(properties, env, "bms.gpu.threshold", "BMS_GPU_THRESHOLD", d.threshold(), 0);
    int copyThreads = intSetting(properties, env, "bms.gpu.copyThreads", "BMS_GPU_COPY_THREADS", d.copyThreads(), 1);
    boolean reuse = d.reuse();
    String reuseText = lookup(properties, env, "bms.gpu.reuse", "BMS_GPU_REUSE");
    if (reuseText != null) {
      reuse = switch (reuseText.trim().toLowerCase(Locale.ROOT)) {
        case "true", "on", "yes", "1" -> true;
        case "false", "off", "no", "0" -> false;
        default -> throw new IllegalArgumentException(
            "bms.gpu.reuse / BMS_GPU_REUSE must be true or false, got '" + reuseText + "'");
      };
    }
    return new GpuConfig(mode, threshold, reuse, copyThreads);
  }

  /** A copy with another mode. */
  public GpuConfig withMode(Mode newMode) {
    return new GpuConfig(newMode, threshold, reuse, copyThreads);
  }

  /** A copy with another threshold. */
  public GpuConfig withThreshold(int newThreshold) {
    return new GpuConfig(mode, newThreshold, reuse, copyThreads);
  }

  /** A copy with residency switched on or off. */
  public GpuConfig withReuse(boolean newReuse) {
    return new GpuConfig(mode, threshold, newReuse, copyThreads);
  }

  /** A copy with another number of copy threads. */
  public GpuConfig withCopyThreads(int threads) {
    return new GpuConfig(mode, threshold, reuse, threads);
  }

  /**
   * Whether an operation of the given size (see the class comment) goes to the GPU: always when
   * forced, never when off, else when {@code size >= threshold}.
   */
  public boolean worthOffloading(double size) {
    if (mode == Mode.FORCE) return true;
    if (mode == Mode.OFF) return false;
    return size >= threshold;
  }

  /**
   * The size of an operation whose dimensions multiply to {@code volume} (m n k for a product),
   * the geometric mean of its three dimensions. Exact for perfect cubes, so that an n x n x n
   * product has size n.
   */
  static double size(double volume) {
    double c = Math.cbrt(volume);
    double r = Math.rint(c);
    return r * r * r == volume ? r : c;
  }

  private static String lookup(Function<String, String> properties, Map<String, String> env, String prop, String var) {
    String v = properties.apply(prop);
    if (v == null) v = env.get(var);
    return v;
  }

  private static int intSetting(Function<String, String> properties, Map<String, String> env,
      String prop, String var, int dflt, int min) {
    String v = lookup(properties, env, prop, var);
    if (v == null || v.isBlank()) return dflt;
    int x;
    try {
      x = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(prop + " / " + var + " must be an integer, got '" + v + "'");
    }
    if (x < min) {
      throw new IllegalArgumentException(prop + " / " + var + " must be >= " + min + ", got " + x);
    }
    return x;
  }
}
