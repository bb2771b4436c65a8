package bms.core.optim;

/** The learning rate for each optimiser step (steps count from 1). */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The rate for step {@code step} (1 for the first step). */
  double rate(long step);

  /** The same rate at every step. */
  static LearningRateSchedule constant(double rate) {
    requireRate("learning rate", rate);
    return step -> rate;
  }

  /**
   * Smooth exponential decay, {@code initial * decay^((step - 1) / every)}: the rate is multiplied
   * by {@code decay} every {@code every} steps.
   */
  static LearningRateSchedule exponentialDecay(double initial, double decay, long every) {
    requireRate("initial learning rate", initial);
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
    }
    if (every <= 0) {
      throw new IllegalArgumentException("decay interval must be positive, got " + every);
    }
    return step -> initial * Math.pow(decay, (double) (step - 1) / every);
  }

  private static void requireRate(String name, double rate) {
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + rate);
    }
  }
}
