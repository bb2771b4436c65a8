package bms.examples.study;

import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;
import bms.invariance.orbits.EpsilonSource;
import java.util.Objects;

/**
 * Orbit noise eps ~ U(0, 1) drawn from a {@link RandomStream}. Training gives each step's orbit
 * the stream the trainer derives from (seed, step), so a run resumed from a checkpoint draws the
 * same transformations as the uninterrupted run would have; {@link EpsilonSource#seeded} keeps
 * its own position, which a checkpoint does not hold.
 */
final class StreamEpsilons implements EpsilonSource {
  private final RandomStream stream;

  StreamEpsilons(RandomStream stream) {
    this.stream = Objects.requireNonNull(stream, "stream");
  }

  @Override
  public Matrix uniform(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("eps shape must be non-negative, got " + rows + "x" + cols);
    }
    Matrix m = new Matrix(rows, cols);
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) d[i] = stream.nextDouble();
    return m;
  }
}
