package bms.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bms-spark} command, run by {@code spark-submit --class bms.spark.cli.BmsSpark
 * bms-spark.jar SUBCOMMAND ...}, or locally with {@code --master local[2]}.
 */
@Command(name = "bms-spark", mixinStandardHelpOptions = true, version = "bms-spark 0.1.0",
    description = "Sparse GPs on Apache Spark.", subcommands = {SgprCommand.class, SvgpCommand.class})
public final class BmsSpark {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@code main} runs it: bad input (an option out of range, a missing or
   * non-numeric column) ends with its message and exit code 2, not a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BmsSpark());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (!(e instanceof IllegalArgumentException)) throw e;
      line.getErr().println(line.getCommandName() + ": error: " + e.getMessage());
      return 2;
    });
    return cl;
  }
}
