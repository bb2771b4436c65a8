package bms.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmark ran on, printed with every report. */
final class MachineInfo {
  private MachineInfo() {}

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  /** The 1-minute load average, or NaN where /proc/loadavg does not exist. */
  static double loadAverage() {
    try {
      List<String> l = Files.readAllLines(Path.of("/proc/loadavg"));
      return Double.parseDouble(l.get(0).split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Busy CPU seconds of the whole machine (from /proc/stat, all cores, USER_HZ = 100) and CPU
   * seconds of this process; NaN where unavailable. Their difference over an interval is the
   * CPU that other processes took while we measured.
   */
  static double[] cpuSnapshot() {
    double own = Double.NaN;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      own = os.getProcessCpuTime() * 1e-9;
    }
    double busy = Double.NaN;
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long b = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) b += Long.parseLong(f[i]);
      busy = b / 100.0;
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return new double[] {busy, own};
  }

  /** Share of all cores that other processes used between two snapshots taken {@code wall} seconds apart. */
  static double othersShare(double[] before, double[] after, double wall) {
    double others = (after[0] - before[0]) - (after[1] - before[1]);
    return Math.max(0, others) / (wall * Runtime.getRuntime().availableProcessors());
  }

  /**
   * Waits up to {@code maxSeconds} for a second in which other processes use less than
   * {@code maxShare} of the cores; returns the share seen last.
   */
  static double waitForQuiet(double maxShare, double maxSeconds) {
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    double share;
    do {
      double[] a = cpuSnapshot();
      long t0 = System.nanoTime();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      }
      share = othersShare(a, cpuSnapshot(), (System.nanoTime() - t0) * 1e-9);
    } while (!(share < maxShare) && !Double.isNaN(share) && System.nanoTime() < deadline);
    return share;
  }

  static String env(String name) {
    String v = System.getenv(name);
    return v == null ? "(unset)" : v;
  }

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return "CPU: " + cpuModel() + ", " + rt.availableProcessors() + " logical cores"
        + "\nJDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"
        + "\nOPENBLAS_CORETYPE=" + env("OPENBLAS_CORETYPE") + " OPENBLAS_L2_SIZE=" + env("OPENBLAS_L2_SIZE")
        + " OPENBLAS_NUM_THREADS=" + env("OPENBLAS_NUM_THREADS") + " OMP_NUM_THREADS=" + env("OMP_NUM_THREADS");
  }
}
