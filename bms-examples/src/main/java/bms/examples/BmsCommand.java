package bms.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code bms} command line: {@code java -jar bms-examples/target/bms.jar <command>}.
 * Results go to stdout (and summary.json), progress and errors to stderr.
 */
@Command(name = "bms",
    mixinStandardHelpOptions = true,
    versionProvider = BmsCommand.Version.class,
    description = "Bayesian model selection with deep Gaussian processes: studies, benchmarks and"
        + " the shipped data.",
    subcommands = {DataCommand.class, bms.examples.study.RotatedMnistCommand.class,
        bms.examples.study.MnistCommand.class, bms.examples.uci.UciCommand.class,
        bms.examples.select.SelectCommand.class, bms.examples.select.LinearEvidenceCommand.class,
        bms.examples.fit.FitCommand.class, bms.examples.fit.PredictCommand.class, BenchCommand.class,
        bms.examples.soak.SoakCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'bms <command> --help' for the options of a command."})
public final class BmsCommand implements Runnable {
  /** Exit code for a run that failed on bad input or an error while running. */
  public static final int EXIT_FAILURE = 1;
  /**
   * Exit code for bad input data: a data file or a model file that cannot be used (the same code
   * picocli gives a bad option).
   */
  public static final int EXIT_BAD_INPUT = 2;

  private final PrintStream out;
  private final PrintStream err;
  private final BenchmarkRegistry benchmarks;

  @Spec
  CommandSpec spec;

  public BmsCommand() {
    this(System.out, System.err, BenchmarkRegistry.standard());
  }

  public BmsCommand(PrintStream out, PrintStream err, BenchmarkRegistry benchmarks) {
    this.out = out;
    this.err = err;
    this.benchmarks = benchmarks;
  }

  /** The benchmarks {@code bms bench} knows. */
  public BenchmarkRegistry benchmarks() {
    return benchmarks;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out); // "bms" alone explains itself
  }

  /** A configured command line writing to the given streams. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(new BmsCommand(out, err, BenchmarkRegistry.standard()));
  }

  /** A configured command line for {@code bms} (tests pass their own benchmark registry). */
  public static CommandLine commandLine(BmsCommand bms) {
    PrintStream out = bms.out;
    PrintStream err = bms.err;
    CommandLine cl = new CommandLine(bms);
    cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    // Expected failures (bad data, bad arguments, I/O) print one clear line, not a stack trace;
    // set BMS_DEBUG=1 to see the trace.
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
      boolean expected = t instanceof IllegalArgumentException || t instanceof IllegalStateException
          || t instanceof IOException;
      if (!expected || System.getenv("BMS_DEBUG") != null) {
        t.printStackTrace(err);
      }
      err.println("bms " + line.getCommandName() + ": error: " + describe(t));
      err.flush();
      return badInput(t) ? EXIT_BAD_INPUT : EXIT_FAILURE;
    });
    return cl;
  }

  private static boolean badInput(Throwable t) {
    return t instanceof bms.examples.data.DataFileException || t instanceof bms.examples.fit.ModelFileException;
  }

  private static String describe(Throwable t) {
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "file not found: " + t.getMessage();
    }
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }

  /** Runs {@code bms args} and returns the exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    return commandLine(out, err).execute(args);
  }

  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // plots are drawn off screen
    }
    System.exit(execute(System.out, System.err, args));
  }

  /** The version from the jar manifest (set by the build), or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BmsCommand.class.getPackage().getImplementationVersion();
      return new String[] {"bms " + (v == null ? "dev" : v),
          "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
              + " " + System.getProperty("os.arch")};
    }
  }
}
