package bms.examples.uci;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a regression model is initialised and trained. {@link #published()} is the setting of
 * Salimbeni and Deisenroth's kin8nm study (docs/BACKGROUND.md section 3): M = 100 inducing points at
 * k-means centres, minibatches of 1000, S = 5 samples per point in training, 5000 Adam steps at
 * learning rate 0.01, S = 100 at test, likelihood variance starting at 0.05, hidden layers
 * min(30, D) wide.
 *
 * @param numInducing M, inducing points per layer (--inducing)
 * @param batchSize minibatch size B of the Adam models; B >= N means the full batch (--batch)
 * @param steps Adam steps, or the L-BFGS iteration limit for gpr and sgpr (--steps)
 * @param learningRate Adam's learning rate (--lr)
 * @param trainSamples S, samples per point in the deep GP's training bound (--train-samples)
 * @param testSamples S at test time for deep GPs (--test-samples)
 * @param noiseVariance initial likelihood variance, in standardised units (--noise-init)
 * @param maxHiddenWidth hidden layers are min(maxHiddenWidth, D) wide (--max-width)
 * @param kmeansMaxPoints k-means for Z runs on at most this many random training inputs
 */
public record FitSettings(int numInducing, int batchSize, long steps, double learningRate, int trainSamples,
    int testSamples, double noiseVariance, int maxHiddenWidth, int kmeansMaxPoints) {

  public FitSettings {
    positive("numInducing (--inducing, M)", numInducing);
    positive("batchSize (--batch)", batchSize);
    positive("steps (--steps)", steps);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate (--lr) must be positive and finite, got " + learningRate);
    }
    positive("trainSamples (--train-samples)", trainSamples);
    positive("testSamples (--test-samples)", testSamples);
    if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
      throw new IllegalArgumentException("noiseVariance (--noise-init) must be positive and finite, got "
          + noiseVariance);
    }
    positive("maxHiddenWidth (--max-width)", maxHiddenWidth);
    if (kmeansMaxPoints < numInducing) {
      throw new IllegalArgumentException("kmeansMaxPoints must be at least M = " + numInducing + ", got "
          + kmeansMaxPoints);
    }
  }

  /** The published setting (see the class comment). */
  public static FitSettings published() {
    return new FitSettings(100, 1000, 5000, 0.01, 5, 100, 0.05, 30, 10_000);
  }

  public FitSettings withSteps(long newSteps) {
    return new FitSettings(numInducing, batchSize, newSteps, learningRate, trainSamples, testSamples, noiseVariance,
        maxHiddenWidth, kmeansMaxPoints);
  }

  /** The width of a deep GP's hidden layers on D inputs. */
  public int hiddenWidth(int inputDim) {
    return Math.min(maxHiddenWidth, inputDim);
  }

  /** The settings as a map for summary.json and for checking that a resumed run matches. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("numInducing", numInducing);
    m.put("batchSize", batchSize);
    m.put("steps", steps);
    m.put("learningRate", learningRate);
    m.put("trainSamples", trainSamples);
    m.put("testSamples", testSamples);
    m.put("noiseVarianceInit", noiseVariance);
    m.put("maxHiddenWidth", maxHiddenWidth);
    m.put("kmeansMaxPoints", kmeansMaxPoints);
    return m;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
