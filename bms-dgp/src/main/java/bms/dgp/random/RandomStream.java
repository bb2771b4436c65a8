package bms.dgp.random;

import bms.core.checkpoint.GeneratorState;
import bms.core.matrix.Matrix;

/**
 * A seeded stream of random numbers whose whole state is two longs (the seed and a position),
 * so a training run can be checkpointed and resumed to the same draws. Every random choice in
 * bms-dgp (minibatches, reparameterisation noise, k-means seeding) takes one of these
 * explicitly; nothing reads a global generator.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood 2014): the position advances by a fixed
 * odd constant and each output is a bijective mix of it. {@link #child(String)} derives an
 * independent stream from the seed and a name, so the minibatch order does not change when, for
 * example, the number of Monte Carlo samples does.
 */
public final class RandomStream {
  /** The algorithm name of {@link #state()}. */
  public static final String ALGORITHM = "splitmix64";
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final double TWO_PI = 2 * Math.PI;

  private final long seed;
  private long position;

  public RandomStream(long seed) {
    this(seed, mix(seed));
  }

  private RandomStream(long seed, long position) {
    this.seed = seed;
    this.position = position;
  }

  /** A stream restored from {@link #seed()} and {@link #position()} of a checkpointed one. */
  public static RandomStream restore(long seed, long position) {
    return new RandomStream(seed, position);
  }

  /** The state as plain numbers for a checkpoint: the seed and the position. */
  public GeneratorState state() {
    return GeneratorState.of(ALGORITHM, seed, position);
  }

  /** A stream restored from {@link #state()}; a state of another algorithm is refused. */
  public static RandomStream restore(GeneratorState state) {
    long[] w = state.wordsOf(ALGORITHM, 2);
    return new RandomStream(w[0], w[1]);
  }

  public long seed() {
    return seed;
  }

  /** The state to save in a checkpoint (with the seed). */
  public long position() {
    return position;
  }

  /** An independent stream determined by this stream's seed and {@code name} only. */
  public RandomStream child(String name) {
    long h = seed;
    for (int i = 0; i < name.length(); i++) {
      h = mix(h ^ name.charAt(i));
    }
    return new RandomStream(mix(h + GOLDEN));
  }

  /** An independent stream determined by this stream's seed and {@code index} only (one per step, say). */
  public RandomStream child(long index) {
    return new RandomStream(mix(mix(seed ^ 0x5851F42D4C957F2DL) + index * GOLDEN));
  }

  /** A copy at the same position (draws from the copy do not advance this stream). */
  public RandomStream copy() {
    return new RandomStream(seed, position);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    position += GOLDEN;
    return mix(position);
  }

  /** Uniform in [0, 1), 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("nextInt bound must be positive, got " + bound);
    }
    // Rejection on the top 31 bits, as java.util.Random does.
    while (true) {
      int bits = (int) (nextLong() >>> 33);
      int val = bits % bound;
      if (bits - val + (bound - 1) >= 0) {
        return val;
      }
    }
  }

  /** A standard normal draw (Box-Muller; the second value of the pair is discarded). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(TWO_PI * u2);
  }

  /** A rows x cols matrix of standard normal draws, using both values of each Box-Muller pair. */
  public Matrix gaussian(int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    double[] d = m.data();
    int i = 0;
    for (; i + 1 < d.length; i += 2) {
      double u1 = 1.0 - nextDouble();
      double u2 = nextDouble();
      double r = Math.sqrt(-2.0 * Math.log(u1));
      d[i] = r * Math.cos(TWO_PI * u2);
      d[i + 1] = r * Math.sin(TWO_PI * u2);
    }
    if (i < d.length) {
      d[i] = nextGaussian();
    }
    return m;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** {@code k} distinct indices from 0..n-1 in random order (k <= n). */
  public int[] sampleWithoutReplacement(int n, int k) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct indices from " + n);
    }
    int[] p = permutation(n);
    return java.util.Arrays.copyOf(p, k);
  }
}
