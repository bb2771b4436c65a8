package bms.examples.study;

import bms.dgp.random.RandomStream;
import bms.examples.data.DataRoot;
import bms.examples.data.Mnist;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The rotated-MNIST options of {@code bms rotated-mnist} and {@code bms select --dataset
 * rotated-mnist}: how far the digits are rotated and how the invariant models start and sample.
 */
public final class RotationOptions {
  @Option(names = "--max-angle", paramLabel = "R", defaultValue = "180",
      description = "Digits are rotated by angles uniform in [-R, R] degrees; 0 leaves them upright"
          + " (default: ${DEFAULT-VALUE}).")
  double maxAngle;

  @Option(names = "--samples", paramLabel = "S", defaultValue = "8",
      description = "Orbit samples per input for the invariant models (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--init-angle", paramLabel = "DEG", defaultValue = "60",
      description = "Starting half-width of the learned angle range, in (0, 180) (default: ${DEFAULT-VALUE}).")
  double initAngle;

  /** The published preset's orbit samples per input, where --samples was not given. */
  void presetDefaults(java.util.function.Predicate<String> given, int samples) {
    if (!given.test("--samples")) this.samples = samples;
  }

  public double maxAngle() {
    return maxAngle;
  }

  public int samples() {
    return samples;
  }

  public double initAngle() {
    return initAngle;
  }

  /** Throws IllegalArgumentException naming the first bad option. */
  public void validate() {
    if (!(maxAngle >= 0 && maxAngle <= RotatedMnist.MAX_DEGREES)) {
      throw new IllegalArgumentException("--max-angle (the max angle of the rotations) must be in [0, 180] degrees,"
          + " got " + maxAngle);
    }
    if (samples < 2) throw new IllegalArgumentException("--samples must be >= 2, got " + samples);
    if (!(initAngle > 0 && initAngle < 180)) {
      throw new IllegalArgumentException("--init-angle must be in (0, 180) degrees, got " + initAngle);
    }
  }

  /** The largest rotation as text: "180" rather than "180.0". */
  public String maxAngleText() {
    return maxAngle == Math.rint(maxAngle) ? Long.toString((long) maxAngle) : Double.toString(maxAngle);
  }

  /**
   * {@code n} digits of {@code split}, each rotated by its own angle in [-R, R] and then pooled by
   * {@code pool}; {@code data} is the run's "data" stream, so every command that shows rotated
   * digits shows the same ones for the same seed.
   */
  public RotatedMnist.Images digits(DataRoot root, Mnist.Split split, int n, int pool, RandomStream data)
      throws IOException {
    RandomStream rng = data.child(split == Mnist.Split.TRAIN ? "train" : "test");
    return RotatedMnist.pool(RotatedMnist.sample(Mnist.load(root, split), n, maxAngle, rng), Mnist.SIDE, pool);
  }

  /** Puts the rotation settings into a study's config.json / summary.json. */
  public void describeInto(Map<String, Object> config) {
    config.put("maxAngleDegrees", maxAngle);
    config.put("orbitSamples", samples);
    config.put("initialAngleDegrees", initAngle);
  }
}
