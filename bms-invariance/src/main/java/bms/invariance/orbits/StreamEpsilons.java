package bms.invariance.orbits;

import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;

/**
 * Orbit noise drawn from a {@link RandomStream} that the model binds at each evaluation, so the
 * draws of a training step are a function of the run's seed and the step only: the
 * {@link bms.dgp.training.Trainer} hands step t the stream derived from (seed, t), the models and
 * objectives of {@code bms.invariance.models} bind a child of it here (see
 * {@link bms.invariance.models.OrbitNoise}), and a run restored from a checkpoint (which holds
 * the seed and the step) draws exactly the eps the uninterrupted run drew.
 *
 * <p>Drawing before any stream is bound is an error, not a silent fall-back to some global
 * generator. Outside a trainer, {@link #bind} a stream yourself; its seed and position are the
 * whole state to save.
 */
public final class StreamEpsilons implements EpsilonSource {
  private RandomStream stream;

  /** Draws from {@code stream} from now on (advancing it); replaces any stream bound before. */
  public void bind(RandomStream stream) {
    this.stream = java.util.Objects.requireNonNull(stream, "stream");
  }

  /** The bound stream (its seed and position are the state), or null if none was bound yet. */
  public RandomStream stream() {
    return stream;
  }

  @Override
  public Matrix uniform(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("eps shape must be non-negative, got " + rows + "x" + cols);
    }
    if (stream == null) {
      throw new IllegalStateException("this orbit draws its eps from the evaluation's RandomStream, but none is bound:"
          + " evaluate through InvariantSVGP or OrbitNoise.objective(...), or call OrbitNoise.bind(model, rng) first");
    }
    Matrix m = new Matrix(rows, cols);
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) d[i] = stream.nextDouble();
    return m;
  }
}
