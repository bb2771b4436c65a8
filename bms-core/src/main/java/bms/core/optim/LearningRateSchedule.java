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

  /**
   * A log-linear ramp from {@code start} at step 1 to {@code end} at step {@code steps}, then
   * {@code end}: the warm-up used for natural-gradient step sizes on non-conjugate bounds
   * (Salimbeni, Eleftheriadis and Hensman 2018 start small and grow the step geometrically).
   */
  static LearningRateSchedule logLinearRamp(double start, double end, long steps) {
    requireRate("ramp start", start);
    requireRate("ramp end", end);
    if (steps < 1) {
      throw new IllegalArgumentException("ramp length must be at least 1 step, got " + steps);
    }
    double logRatio = Math.log(end / start);
    return step -> step >= steps ? end : start * Math.exp(logRatio * (double) (step - 1) / (steps - 1));
  }

  private static void requireRate(String name, double rate) {
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + rate);
    }
  }
}
