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
    System.exit(new CommandLine(new BmsSpark()).execute(args));
  }
}
