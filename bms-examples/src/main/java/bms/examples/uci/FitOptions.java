package bms.examples.uci;

import picocli.CommandLine.Option;

/** The training options shared by {@code bms uci} and {@code bms select} (a picocli mixin). */
public final class FitOptions {
  @Option(names = "--inducing", paramLabel = "M", defaultValue = "100",
      description = "Inducing points per layer, at k-means centres (default: ${DEFAULT-VALUE}).")
  int numInducing;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "1000",
      description = "Minibatch size for Adam; at least N means the full batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "5000",
      description = "Adam steps (svgp, dgpL), or the L-BFGS iteration limit (gpr, sgpr) (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--train-samples", paramLabel = "S", defaultValue = "5",
      description = "Samples per point in a deep GP's training bound (default: ${DEFAULT-VALUE}).")
  int trainSamples;

  @Option(names = "--test-samples", paramLabel = "S", defaultValue = "100",
      description = "Samples per point when a deep GP predicts (default: ${DEFAULT-VALUE}).")
  int testSamples;

  @Option(names = "--noise-init", paramLabel = "VAR", defaultValue = "0.05",
      description = "Initial likelihood variance, standardised units (default: ${DEFAULT-VALUE}).")
  double noiseVariance;

  @Option(names = "--max-width", paramLabel = "W", defaultValue = "30",
      description = "Deep GP hidden layers are min(W, D) wide (default: ${DEFAULT-VALUE}).")
  int maxHiddenWidth;

  @Option(names = "--kmeans-points", paramLabel = "N", defaultValue = "10000",
      description = "k-means for the inducing points runs on at most N random training inputs"
          + " (default: ${DEFAULT-VALUE}).")
  int kmeansMaxPoints;

  /** The settings, checked (a clear error names the first bad option). */
  public FitSettings settings() {
    return new FitSettings(numInducing, batchSize, steps, learningRate, trainSamples, testSamples, noiseVariance,
        maxHiddenWidth, kmeansMaxPoints);
  }
}
