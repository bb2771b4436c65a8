package bms.nn;

import bms.core.matrix.Matrix;
import java.util.random.RandomGenerator;

/**
 * Standard initialisations of a weight matrix from its fan-in and fan-out, drawn from a seeded
 * generator (so a network is a function of its seed):
 * <pre>
 *   HE_NORMAL       w ~ N(0, 2 / fan_in)                                  (He et al. 2015; ReLU)
 *   GLOROT_UNIFORM  w ~ U(-a, a),  a = sqrt(6 / (fan_in + fan_out))       (Glorot and Bengio 2010; tanh)
 *   LECUN_NORMAL    w ~ N(0, 1 / fan_in)                                  (linear, softplus, outputs)
 * </pre>
 */
public enum Init {
  HE_NORMAL, GLOROT_UNIFORM, LECUN_NORMAL;

  /** A rows x cols weight matrix for a layer with the given fans. */
  public Matrix sample(int rows, int cols, int fanIn, int fanOut, RandomGenerator rng) {
    if (fanIn < 1 || fanOut < 1) {
      throw new IllegalArgumentException("fan-in and fan-out must be >= 1, got " + fanIn + " and " + fanOut);
    }
    java.util.Objects.requireNonNull(rng, "rng");
    Matrix w = new Matrix(rows, cols);
    double[] d = w.data();
    switch (this) {
      case HE_NORMAL -> {
        double sd = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < d.length; i++) d[i] = sd * rng.nextGaussian();
      }
      case LECUN_NORMAL -> {
        double sd = Math.sqrt(1.0 / fanIn);
        for (int i = 0; i < d.length; i++) d[i] = sd * rng.nextGaussian();
      }
      case GLOROT_UNIFORM -> {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < d.length; i++) d[i] = a * (2 * rng.nextDouble() - 1);
      }
    }
    return w;
  }
}
