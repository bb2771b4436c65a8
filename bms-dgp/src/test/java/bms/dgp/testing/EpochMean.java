package bms.dgp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.optim.ParameterVector;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.dgp.training.MinibatchStream;
import java.util.function.IntFunction;

/**
 * The bound and its gradient averaged over the minibatches of one epoch of a
 * {@link MinibatchStream}. When B divides N every point is in exactly one batch of the epoch, so
 * for a bound (N / B) sum_batch ell_n - KL with per-point terms fixed (no noise, or noise tied to
 * the point) the epoch mean is exactly sum_n ell_n - KL, the full-batch bound: the identity that
 * makes the minibatch estimate unbiased, and that a wrong N / B scale breaks.
 */
public final class EpochMean {
  private EpochMean() {}

  /** A bound's value and its gradient in the unconstrained trainable parameters. */
  public record ValueAndGradient(double value, double[] gradient) {}

  /** The value and gradient of one evaluation. */
  public static ValueAndGradient of(Objective objective, int[] batch, RandomStream rng) {
    Var v = objective.evaluate(batch, rng);
    double[] g = ParameterVector.trainable(objective.module()).gradient(Gradients.of(v));
    return new ValueAndGradient(v.scalar(), g);
  }

  /**
   * The mean over the batches of {@code epoch}, batch t evaluated with the stream
   * {@code noise.apply(t)} (t counted within the epoch).
   */
  public static ValueAndGradient over(Objective objective, MinibatchStream batches, long epoch,
      IntFunction<RandomStream> noise) {
    int k = batches.batchesPerEpoch();
    assertEquals(objective.numData(), k * batches.batchSize(), "the batch size must divide N for the identity");
    double value = 0;
    double[] grad = null;
    for (int t = 0; t < k; t++) {
      ValueAndGradient b = of(objective, batches.batch(epoch * k + t), noise.apply(t));
      value += b.value() / k;
      if (grad == null) grad = new double[b.gradient().length];
      for (int i = 0; i < grad.length; i++) grad[i] += b.gradient()[i] / k;
    }
    return new ValueAndGradient(value, grad);
  }

  /**
   * Value within {@code tol * max(1, |value|)}, and every gradient entry within
   * {@code tol * max(1, max |gradient|)}: 1e-10 leaves room for the rounding of a sum of k
   * terms (about 1e-15 relative each) and nothing else.
   */
  public static void assertSame(ValueAndGradient full, ValueAndGradient mean, double tol, String what) {
    assertEquals(full.value(), mean.value(), tol * Math.max(1, Math.abs(full.value())), what + ": bound");
    double scale = 1;
    for (double g : full.gradient()) scale = Math.max(scale, Math.abs(g));
    assertEquals(full.gradient().length, mean.gradient().length);
    double worst = 0;
    for (int i = 0; i < full.gradient().length; i++) worst = Math.max(worst, Math.abs(full.gradient()[i] - mean.gradient()[i]));
    assertTrue(worst <= tol * scale, what + ": gradient differs by " + worst + " (scale " + scale + ")");
  }
}
