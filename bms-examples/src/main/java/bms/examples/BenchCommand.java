package bms.examples;

import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bms bench}: lists the benchmarks or runs one (or all). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs a benchmark of bms and writes its report to stdout and to"
        + " summary.json in --out (default runs/bench-<name>). Without a name, lists the"
        + " benchmarks and whether this build has them."},
    footer = {"", "Examples:", "  bms bench", "  bms bench linalg", "  bms bench all --out runs/bench"})
final class BenchCommand implements Callable<Integer> {
  @ParentCommand
  BmsCommand parent;

  @Mixin
  CommonOptions common;

  @Option(names = "--list", description = "List the benchmarks and exit.")
  boolean list;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "Which benchmark: linalg, kernels, models, study, or all.")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARG",
      description = "Passed on to the benchmark; put them after '--' if they start with '-'.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream out = parent.out();
    BenchmarkRegistry registry = parent.benchmarks();
    if (list || name == null) {
      listBenchmarks(registry, out);
      return 0;
    }
    List<BenchmarkRegistry.Entry> chosen = new ArrayList<>();
    if (name.equals("all")) {
      for (BenchmarkRegistry.Entry e : registry.entries()) {
        if (registry.available(e)) {
          chosen.add(e);
        } else {
          parent.err().println("bms bench: skipping '" + e.name() + "': not part of this build");
        }
      }
      if (chosen.isEmpty()) {
        throw new IllegalStateException("no benchmark is part of this build yet");
      }
    } else {
      chosen.add(registry.entry(name));
    }
    Instant started = Instant.now();
    Path outDir = common.outDir("bench-" + name);
    Map<String, Object> results = new LinkedHashMap<>();
    for (BenchmarkRegistry.Entry e : chosen) {
      results.put(e.name(), runOne(registry, e, out, outDir));
    }
    List<String> argv = new ArrayList<>();
    argv.add(name);
    argv.addAll(args);
    double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
    RunSummary s = new RunSummary(RunSummary.FORMAT, "bench", argv, common.seed(),
        started.truncatedTo(ChronoUnit.SECONDS).toString(), wall, RunSummary.currentEnvironment(),
        results);
    out.println("summary: " + SummaryJson.writeInto(outDir, s));
    return 0;
  }

  private Map<String, Object> runOne(BenchmarkRegistry registry, BenchmarkRegistry.Entry e,
      PrintStream out, Path outDir)
      throws Exception {
    // The report goes to stdout as it is written and is kept for summary.json.
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    Object returned = registry.run(e, new BenchmarkRegistry.Invocation(
        tee, args.toArray(String[]::new), common.seed(), common.quiet(), outDir));
    tee.flush();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("class", e.className());
    r.put("seconds", seconds);
    if (returned != null) {
      r.put("result", returned);
    }
    r.put("report", Arrays.asList(copy.toString(StandardCharsets.UTF_8).split("\\R")));
    return r;
  }

  private void listBenchmarks(BenchmarkRegistry registry, PrintStream out) {
    out.println("benchmarks (run one with 'bms bench NAME'):");
    for (BenchmarkRegistry.Entry e : registry.entries()) {
      out.printf(Locale.ROOT, "  %-8s %-14s %s%n", e.name(),
          registry.available(e) ? "available" : "not built yet", e.description());
    }
  }

  /** Writes every byte to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
