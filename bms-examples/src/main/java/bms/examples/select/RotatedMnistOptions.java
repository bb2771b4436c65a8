package bms.examples.select;

import bms.examples.study.RotationOptions;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code bms select --dataset rotated-mnist} that the UCI data sets do not have.
 * Names, meanings and defaults are those of {@code bms rotated-mnist}, except for half the
 * training digits, because every candidate is trained K + 1 times; the options shared with the
 * UCI data sets (--steps, --inducing, --batch, --lr) take the study's defaults below unless given.
 * With K = 3 the four candidates take about 8 minutes on two cores.
 */
public final class RotatedMnistOptions {
  /** Defaults of the options shared with the UCI data sets, when rotated-mnist is chosen. */
  static final int DEFAULT_INDUCING = 100;
  static final long DEFAULT_STEPS = 1000;
  static final int DEFAULT_BATCH = 50;
  static final double DEFAULT_LR = 0.03;

  /** Option names only rotated-mnist accepts (refused with a UCI data set). */
  static final List<String> NAMES = List.of("--train-size", "--test-size", "--pool", "--max-angle", "--samples",
      "--init-angle");

  @Option(names = "--train-size", paramLabel = "N", defaultValue = "1000",
      description = "rotated-mnist: training digits, drawn from the MNIST train split; K-fold CV splits these"
          + " (default: ${DEFAULT-VALUE}).")
  int trainSize;

  @Option(names = "--test-size", paramLabel = "N", defaultValue = "1000",
      description = "rotated-mnist: held-out test digits, drawn from the MNIST test split (default: ${DEFAULT-VALUE}).")
  int testSize;

  @Option(names = "--pool", paramLabel = "F", defaultValue = "2",
      description = "rotated-mnist: average-pool the 28x28 digits by F (2 gives 14x14) (default: ${DEFAULT-VALUE}).")
  int pool;

  @Mixin
  RotationOptions rotation;
}
