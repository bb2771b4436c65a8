package bms.examples.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Medians of repeated timings. Candidates are run round-robin (one call of each per round), so
 * that a burst of load from other processes hits all of them alike rather than one.
 */
final class Timing {
  private Timing() {}

  /** One timed call, with untimed preparation (restoring inputs that the call overwrites). */
  interface Trial {
    default void prepare() {}

    void run();
  }

  /**
   * Median seconds per candidate, how many timed rounds were run, and the share of the cores
   * that other processes used meanwhile (NaN where the OS does not say).
   */
  record Result(double[] medians, int rounds, double othersShare) {}

  /**
   * Untimed rounds (when {@code warmup > 0}) before timing: at least {@code warmup} of them and at
   * least this many seconds' worth. Counting rounds alone left the JIT unfinished for short
   * calls: two rounds of a 2 ms call run the autodiff's element loops interpreted, which once
   * showed as a spurious +38% autodiff overhead at n = 500 (BENCHMARKS.md section 1).
   */
  static final double MIN_WARMUP_SECONDS = 2.0;

  /**
   * Runs the untimed warm-up rounds, then up to {@code reps} timed rounds; stops early (after
   * at least three timed rounds) once the timed rounds took more than {@code maxSeconds}.
   */
  static Result medians(List<Trial> trials, int warmup, int reps, double maxSeconds) {
    long warmStart = System.nanoTime();
    for (int w = 0; w < warmup || (warmup > 0 && (System.nanoTime() - warmStart) * 1e-9 < MIN_WARMUP_SECONDS); w++) {
      for (Trial t : trials) {
        t.prepare();
        t.run();
      }
    }
    int k = trials.size();
    double[][] samples = new double[k][reps];
    double[] cpu0 = MachineInfo.cpuSnapshot();
    long start = System.nanoTime();
    int rounds = 0;
    while (rounds < reps) {
      for (int i = 0; i < k; i++) {
        Trial t = trials.get(i);
        t.prepare();
        long t0 = System.nanoTime();
        t.run();
        samples[i][rounds] = (System.nanoTime() - t0) * 1e-9;
      }
      rounds++;
      if (rounds >= 3 && (System.nanoTime() - start) * 1e-9 > maxSeconds) {
        break;
      }
    }
    double share = MachineInfo.othersShare(cpu0, MachineInfo.cpuSnapshot(), (System.nanoTime() - start) * 1e-9);
    double[] med = new double[k];
    for (int i = 0; i < k; i++) {
      med[i] = median(Arrays.copyOf(samples[i], rounds));
    }
    return new Result(med, rounds, share);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
