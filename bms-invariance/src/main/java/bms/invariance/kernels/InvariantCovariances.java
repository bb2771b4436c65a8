package bms.invariance.kernels;

import bms.kernels.covariances.Covariances;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registers the (InvariantInducingPoints, Invariant) pair with the kernels module's covariance
 * registry. Loading {@link Invariant} or {@link InvariantInducingPoints} calls it, so users never
 * need to; calling it again does nothing.
 */
public final class InvariantCovariances {
  private static final AtomicBoolean DONE = new AtomicBoolean();

  private InvariantCovariances() {}

  public static void register() {
    if (!DONE.compareAndSet(false, true)) return;
    Covariances.register(InvariantInducingPoints.class, Invariant.class,
        (iv, k) -> ((Invariant) k).base().K(((InvariantInducingPoints) iv).z().var()),
        (iv, k, x) -> ((Invariant) k).Kuf(((InvariantInducingPoints) iv).z().var(), x));
  }
}
