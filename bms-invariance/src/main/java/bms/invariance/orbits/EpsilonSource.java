package bms.invariance.orbits;

import bms.core.matrix.Matrix;
import java.util.SplittableRandom;

/**
 * Where a sampled orbit gets its base noise {@code eps ~ U(0, 1)} for the reparameterisation
 * {@code a = h(eps, theta)}. Every source is explicit and seeded, so a run is reproducible from
 * its seeds; none reads a global random state.
 */
public interface EpsilonSource {

  /** A rows x cols matrix of values in [0, 1). */
  Matrix uniform(int rows, int cols);

  /**
   * Noise from the RandomStream of each evaluation (bound by the invariant models and
   * {@link bms.invariance.models.OrbitNoise}): reproducible and resumable under a
   * {@link bms.dgp.training.Trainer}, the right choice for training. See {@link StreamEpsilons}.
   */
  static StreamEpsilons perEvaluation() {
    return new StreamEpsilons();
  }

  /** A stream of fresh draws: successive calls give new values, the sequence fixed by the seed. */
  static EpsilonSource seeded(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return (rows, cols) -> {
      checkShape(rows, cols);
      Matrix m = new Matrix(rows, cols);
      double[] d = m.data();
      synchronized (rng) {
        for (int i = 0; i < d.length; i++) d[i] = rng.nextDouble();
      }
      return m;
    };
  }

  /**
   * The same values on every call of the same shape (the draw depends only on the seed and the
   * shape): the fixed-eps mode that finite-difference gradient checks and repeatable bound
   * evaluations need.
   */
  static EpsilonSource fixed(long seed) {
    return (rows, cols) -> {
      checkShape(rows, cols);
      SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (31L * rows + cols)));
      Matrix m = new Matrix(rows, cols);
      double[] d = m.data();
      for (int i = 0; i < d.length; i++) d[i] = rng.nextDouble();
      return m;
    };
  }

  /** Always the given values; a call asking for another shape is an error. */
  static EpsilonSource constant(Matrix eps) {
    for (int i = 0; i < eps.size(); i++) {
      double e = eps.data()[i];
      if (!(e >= 0 && e <= 1)) {
        throw new IllegalArgumentException("eps must lie in [0, 1], got " + e + " at index " + i);
      }
    }
    Matrix copy = eps.copy();
    return (rows, cols) -> {
      if (rows != copy.rows() || cols != copy.cols()) {
        throw new IllegalArgumentException("constant eps is " + copy.shapeString() + " but the orbit asked for "
            + rows + "x" + cols);
      }
      return copy.copy();
    };
  }

  private static void checkShape(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("eps shape must be non-negative, got " + rows + "x" + cols);
    }
  }
}
