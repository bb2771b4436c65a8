package bms.examples;

import bms.examples.data.DataRoot;
import bms.examples.report.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** Options every {@code bms} subcommand shares (a picocli mixin). */
public final class CommonOptions {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for summary.json and plots (default: runs/<command>).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Random seed; the same seed gives the same run (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
  boolean quiet;

  @Option(names = "--data", paramLabel = "DIR",
      description = "The shipped data folder (default: data/ found from the working directory or"
          + " the jar, or $" + DataRoot.ENV + ").")
  Path data;

  public long seed() {
    return seed;
  }

  public boolean quiet() {
    return quiet;
  }

  /** Whether --out was given. */
  public boolean outGiven() {
    return out != null;
  }

  /** The output folder: --out, or runs/{@code defaultName}. */
  public Path outDir(String defaultName) {
    return out != null ? out : Paths.get("runs", defaultName);
  }

  public DataRoot dataRoot() {
    return data != null ? new DataRoot(data) : DataRoot.locate();
  }

  /** A progress bar on {@code err}, silent with --quiet. */
  public ProgressBar progress(String label, long total, PrintStream err) {
    return new ProgressBar(label, total, err, !quiet);
  }
}
