package bms.examples.soak;

import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.examples.BmsCommand;
import bms.examples.CommonOptions;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bms soak}: trains a DeepGP in a child process that is killed (SIGKILL) and restarted at
 * random moments while it writes checkpoints every few seconds, then checks that the final
 * parameters and optimiser state equal, bit for bit, those of an uninterrupted run of the same
 * seed. Exit code 0 when they do, 1 when not.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = {"Kill-and-resume soak test: trains a DeepGP in a worker process that is killed"
        + " with SIGKILL at random moments and restarted from its newest checkpoint, then compares"
        + " the final parameters with an uninterrupted run, bit for bit. Writes summary.json to"
        + " --out (default runs/soak)."},
    footer = {"", "Examples:", "  bms soak", "  bms soak --minutes 10 --steps 20000 --checkpoint-seconds 1"})
public final class SoakCommand implements Callable<Integer> {
  @ParentCommand
  BmsCommand parent;

  @Mixin
  CommonOptions common;

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "4",
      description = "How long to keep killing the worker; after that it runs to the end (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "8000",
      description = "Adam steps of the run (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--checkpoint-seconds", paramLabel = "T", defaultValue = "2",
      description = "The worker saves a checkpoint every T seconds (default: ${DEFAULT-VALUE}).")
  double checkpointSeconds;

  @Option(names = "--max-kill-seconds", paramLabel = "T", defaultValue = "8",
      description = "Each worker is killed at a uniformly random moment in [0.2, T] seconds after it"
          + " starts, JVM start-up included (default: ${DEFAULT-VALUE}).")
  double maxKillSeconds;

  @Override
  public Integer call() throws Exception {
    requirePositive("--minutes", minutes);
    requirePositive("--checkpoint-seconds", checkpointSeconds);
    if (steps <= 0) throw new IllegalArgumentException("--steps must be positive, got " + steps);
    if (!(maxKillSeconds > 0.2) || !Double.isFinite(maxKillSeconds)) {
      throw new IllegalArgumentException("--max-kill-seconds must be finite and > 0.2, got " + maxKillSeconds);
    }
    PrintStream out = parent.out();
    Instant started = Instant.now();
    Path outDir = common.outDir("soak");
    Path refDir = fresh(outDir.resolve("reference"));
    Path killedDir = fresh(outDir.resolve("interrupted"));

    out.printf(Locale.ROOT, "soak: reference run of %d steps (uninterrupted) in %s%n", steps, refDir);
    long t0 = System.nanoTime();
    int refExit = startWorker(refDir).waitFor();
    double refSeconds = (System.nanoTime() - t0) / 1e9;
    if (refExit != 0) {
      throw new IllegalStateException("the reference run failed (exit " + refExit + "); see " + log(refDir));
    }
    out.printf(Locale.ROOT, "soak: reference took %.1f s%n", refSeconds);

    out.printf(Locale.ROOT, "soak: interrupted run in %s, killing for %.1f minutes%n", killedDir, minutes);
    Random killer = new Random(common.seed());
    CheckpointManager killedCheckpoints = new CheckpointManager(killedDir, SoakProblem.KEEP);
    long t1 = System.nanoTime();
    long deadline = t1 + (long) (minutes * 60e9);
    int kills = 0;
    int killsWithoutProgress = 0;
    List<Long> stepAfterKill = new ArrayList<>();
    long previous = 0;
    int exit;
    while (true) {
      Process worker = startWorker(killedDir);
      if (System.nanoTime() < deadline) {
        double delay = 0.2 + (maxKillSeconds - 0.2) * killer.nextDouble();
        if (!worker.waitFor((long) (delay * 1e3), TimeUnit.MILLISECONDS)) {
          worker.destroyForcibly(); // SIGKILL on POSIX: no shutdown hooks, no flushing
          worker.waitFor();
          kills++;
          long now = newestStep(killedCheckpoints);
          stepAfterKill.add(now);
          killsWithoutProgress += now == previous ? 1 : 0;
          previous = now;
          if (!common.quiet()) {
            parent.err().printf(Locale.ROOT, "soak: kill %d after %.2f s, newest checkpoint at step %d of %d%n", kills,
                delay, now, steps);
          }
          continue;
        }
      }
      exit = worker.waitFor();
      break;
    }
    double killedSeconds = (System.nanoTime() - t1) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("the interrupted run failed (exit " + exit + "); see " + log(killedDir));
    }

    Checkpoint ref = new CheckpointManager(refDir, SoakProblem.KEEP).latest().orElseThrow(
        () -> new IllegalStateException("the reference run left no checkpoint in " + refDir));
    Checkpoint got = killedCheckpoints.latest().orElseThrow(
        () -> new IllegalStateException("the interrupted run left no checkpoint in " + killedDir));
    Comparison cmp = compare(ref, got);

    out.printf(Locale.ROOT, "soak: %d kills (%d before any new checkpoint), %d worker starts, %.1f s"
        + " (reference %.1f s)%n", kills, killsWithoutProgress, kills + 1, killedSeconds, refSeconds);
    out.printf(Locale.ROOT, "soak: final step %d vs %d; %d parameter entries and %d optimiser entries compared;"
        + " %d differ (max |difference| %s)%n", got.counter("step"), ref.counter("step"), cmp.parameterEntries,
        cmp.adamEntries, cmp.differing, cmp.maxDifference);
    out.println(cmp.identical() ? "soak: PASS: the interrupted run ended bit for bit where the uninterrupted one did"
        : "soak: FAIL: " + cmp.firstDifference);

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("passed", cmp.identical());
    results.put("steps", steps);
    results.put("checkpointSeconds", checkpointSeconds);
    results.put("kills", kills);
    results.put("killsWithoutProgress", killsWithoutProgress);
    results.put("newestCheckpointAfterEachKill", stepAfterKill);
    results.put("referenceSeconds", refSeconds);
    results.put("interruptedSeconds", killedSeconds);
    results.put("parameterEntries", cmp.parameterEntries);
    results.put("optimiserEntries", cmp.adamEntries);
    results.put("differingEntries", cmp.differing);
    if (!cmp.identical()) results.put("firstDifference", cmp.firstDifference);
    List<String> argv = List.of("--minutes", Double.toString(minutes), "--steps", Long.toString(steps),
        "--checkpoint-seconds", Double.toString(checkpointSeconds), "--max-kill-seconds",
        Double.toString(maxKillSeconds));
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, "soak", argv, common.seed(),
        started.truncatedTo(ChronoUnit.SECONDS).toString(), wall, RunSummary.currentEnvironment(), results);
    out.println("summary: " + SummaryJson.writeInto(outDir, s));
    return cmp.identical() ? 0 : BmsCommand.EXIT_FAILURE;
  }

  private static void requirePositive(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and positive, got " + v);
    }
  }

  /** A worker JVM on this process's class path, its output appended to the folder's worker.log. */
  private Process startWorker(Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SoakWorker.class.getName(),
        dir.toString(), Long.toString(common.seed()), Long.toString(steps), Double.toString(checkpointSeconds))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile())).start();
  }

  private static Path log(Path dir) {
    return dir.resolve("worker.log");
  }

  /** The folder, created, without checkpoints or a log from an earlier soak run. */
  private static Path fresh(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.matches("\\.?ckpt-\\d{12}\\.bin.*") || name.equals("worker.log")) Files.delete(p);
      }
    }
    return dir;
  }

  private static long newestStep(CheckpointManager m) throws IOException {
    List<Path> all = m.list();
    return all.isEmpty() ? 0 : CheckpointManager.stepOf(all.get(all.size() - 1));
  }

  /** Entry-by-entry comparison of the IEEE-754 bits of parameters and Adam moments. */
  private static final class Comparison {
    long parameterEntries;
    long adamEntries;
    long differing;
    double maxDifference;
    String firstDifference;

    boolean identical() {
      return differing == 0 && firstDifference == null;
    }

    void entries(String what, double[] a, double[] b) {
      if (a.length != b.length) {
        note(what + " has " + b.length + " entries, the reference " + a.length);
        differing++;
        return;
      }
      for (int i = 0; i < a.length; i++) {
        if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
          differing++;
          maxDifference = Math.max(maxDifference, Math.abs(a[i] - b[i]));
          note(what + "[" + i + "] is " + b[i] + ", the reference " + a[i]);
        }
      }
    }

    void note(String s) {
      if (firstDifference == null) firstDifference = s;
    }
  }

  private static Comparison compare(Checkpoint ref, Checkpoint got) {
    Comparison c = new Comparison();
    if (!ref.structure().equals(got.structure())) c.note("the model structures differ");
    if (!ref.counters().equals(got.counters())) c.note("counters " + got.counters() + " vs " + ref.counters());
    for (Map.Entry<String, Matrix> e : ref.parameters().entrySet()) {
      Matrix g = got.parameters().get(e.getKey());
      if (g == null) {
        c.note("parameter " + e.getKey() + " is missing");
        continue;
      }
      c.parameterEntries += e.getValue().size();
      c.entries(e.getKey(), e.getValue().data(), g.data());
    }
    if (ref.adam() == null || got.adam() == null) {
      c.note("a checkpoint has no optimiser state");
      return c;
    }
    if (ref.adam().step() != got.adam().step()) c.note("Adam step " + got.adam().step() + " vs " + ref.adam().step());
    for (String path : ref.adam().firstMoments().keySet()) {
      double[] m1 = got.adam().firstMoments().get(path);
      double[] m2 = got.adam().secondMoments().get(path);
      if (m1 == null || m2 == null) {
        c.note("Adam moments of " + path + " are missing");
        continue;
      }
      c.adamEntries += 2L * m1.length;
      c.entries("Adam m of " + path, ref.adam().firstMoments().get(path), m1);
      c.entries("Adam v of " + path, ref.adam().secondMoments().get(path), m2);
    }
    return c;
  }
}
