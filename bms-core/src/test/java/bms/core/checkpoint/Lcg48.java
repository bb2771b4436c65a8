package bms.core.checkpoint;

/**
 * The 48-bit linear congruential generator that {@code java.util.Random} documents (Knuth, TAOCP
 * 3.2.1), with its state explicit, so a test run's generator saves as one number instead of a
 * serialised object; its draws equal those of {@code new java.util.Random(seed)}
 * ({@link Lcg48Test}), so the toy run draws the minibatches it always drew.
 */
final class Lcg48 {
  static final String ALGORITHM = "lcg48";
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long INCREMENT = 0xBL;
  private static final long MASK = (1L << 48) - 1;
  private long state;

  /** The generator of {@code new java.util.Random(seed)}. */
  Lcg48(long seed) {
    this.state = (seed ^ MULTIPLIER) & MASK;
  }

  private Lcg48(long state, boolean raw) {
    this.state = state;
  }

  static Lcg48 restore(GeneratorState s) {
    long w = s.wordsOf(ALGORITHM, 1)[0];
    if ((w & ~MASK) != 0) throw new IllegalArgumentException("an lcg48 state has 48 bits, got " + Long.toHexString(w));
    return new Lcg48(w, true);
  }

  GeneratorState state() {
    return GeneratorState.of(ALGORITHM, state);
  }

  private int next(int bits) {
    state = (state * MULTIPLIER + INCREMENT) & MASK;
    return (int) (state >>> (48 - bits));
  }

  /** Uniform in [0, bound), by the rejection rule of java.util.Random.nextInt(int). */
  int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
    int r = next(31);
    int m = bound - 1;
    if ((bound & m) == 0) return (int) ((bound * (long) r) >> 31);
    for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
      // reject the top partial range, so every value is equally likely
    }
    return r;
  }

  long nextLong() {
    return ((long) next(32) << 32) + next(32);
  }
}
