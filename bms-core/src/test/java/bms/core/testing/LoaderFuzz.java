package bms.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * A fuzz harness for any loader of a binary file format (checkpoints, model files): it feeds the
 * loader damaged copies of a valid file and fails the test unless every case ends in one of two
 * ways:
 * <ul>
 *   <li>refused: one of the declared exception types, with a non-blank message that passes the
 *       message check, and the observed state (the model being loaded into) unchanged, so a
 *       refusal never leaves a partial load behind;</li>
 *   <li>loaded: only possible for damage the format cannot detect (a resealed flip of a value's
 *       bits, say); each case method says which outcomes it accepts.</li>
 * </ul>
 * Anything else (another exception type from deep inside, an {@link Error} such as
 * OutOfMemoryError or StackOverflowError) fails, and so does a case that allocates more than
 * {@code factor * file size + slack} bytes on the loading thread: lengths must be checked against
 * the bytes that remain before allocating.
 *
 * <p>A format with a checksum catches almost every mutation there; {@link #resealWith} makes the
 * harness recompute it after mutating, so the mutations reach the parser ("a valid CRC over
 * garbage"). Plug in a loader with {@link #of} (bytes) or {@link #ofFiles} (a path).
 *
 * @param <T> what the loader returns
 */
public final class LoaderFuzz<T> {
  /** Loads from bytes; throws to refuse. */
  @FunctionalInterface
  public interface Loader<T> {
    T load(byte[] bytes) throws Exception;
  }

  /** Loads from a file; throws to refuse. */
  @FunctionalInterface
  public interface PathLoader<T> {
    T load(Path file) throws Exception;
  }

  public enum Outcome { LOADED, REFUSED }

  /** How many cases a method ran, loaded and refused. */
  public record Report(int cases, int loaded, int refused) {
    Report plus(Outcome o) {
      return new Report(cases + 1, loaded + (o == Outcome.LOADED ? 1 : 0), refused + (o == Outcome.REFUSED ? 1 : 0));
    }
  }

  /** Values written over 4- and 8-byte windows by {@link #hugeLengths}. */
  private static final int[] HUGE_INTS = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 1 << 30, 0x00FFFFFF};
  private static final long[] HUGE_LONGS = {Long.MAX_VALUE, -1L, 1L << 40};

  private final Loader<T> loader;
  private final List<Class<? extends Exception>> refusals;
  private UnaryOperator<byte[]> reseal;
  private Supplier<Object> observedState;
  private Predicate<String> messageCheck = m -> true;
  private long allocationFactor = 32;
  private long allocationSlack = 2L << 20;

  private LoaderFuzz(Loader<T> loader, List<Class<? extends Exception>> refusals) {
    if (refusals.isEmpty()) throw new IllegalArgumentException("declare at least one refusal exception type");
    this.loader = loader;
    this.refusals = refusals;
  }

  /** A harness over a loader of bytes that refuses by throwing one of {@code refusals}. */
  @SafeVarargs
  public static <T> LoaderFuzz<T> of(Loader<T> loader, Class<? extends Exception>... refusals) {
    return new LoaderFuzz<>(loader, List.of(refusals));
  }

  /** A harness over a loader of files: each case is written to {@code dir}/fuzz.bin first. */
  @SafeVarargs
  public static <T> LoaderFuzz<T> ofFiles(PathLoader<T> loader, Path dir, Class<? extends Exception>... refusals) {
    Path file = dir.resolve("fuzz.bin");
    return new LoaderFuzz<>(bytes -> {
      Files.write(file, bytes);
      return loader.load(file);
    }, List.of(refusals));
  }

  /** Recomputes the format's integrity code after each mutation, so that the parser sees it. */
  public LoaderFuzz<T> resealWith(UnaryOperator<byte[]> reseal) {
    this.reseal = reseal;
    return this;
  }

  /**
   * A snapshot of what a load changes (the target model's values, say), compared with
   * {@link Arrays#deepEquals} before and after each refused case.
   */
  public LoaderFuzz<T> unchangedOnRefusal(Supplier<Object> state) {
    this.observedState = state;
    return this;
  }

  /** Every refusal message must pass this check (for example: it names the file). */
  public LoaderFuzz<T> messagesMust(Predicate<String> check) {
    this.messageCheck = check;
    return this;
  }

  /** The allocation bound per case: {@code factor * input length + slack} bytes. */
  public LoaderFuzz<T> allocationBound(long factor, long slack) {
    this.allocationFactor = factor;
    this.allocationSlack = slack;
    return this;
  }

  /** The reseal for formats ending in a big-endian 8-byte CRC-32 of everything before it. */
  public static UnaryOperator<byte[]> crc32Trailer() {
    return b -> {
      byte[] out = b.clone();
      if (out.length < 8) return out;
      CRC32 crc = new CRC32();
      crc.update(out, 0, out.length - 8);
      ByteBuffer.wrap(out, out.length - 8, 8).putLong(crc.getValue());
      return out;
    };
  }

  /** Loads {@code valid}, which must load (and warms the loader up before measuring). */
  public T loadValid(byte[] valid) {
    try {
      loader.load(valid);
      return loader.load(valid);
    } catch (Exception e) {
      throw new AssertionError("the valid input does not load: " + e, e);
    }
  }

  /** Runs one case and returns how it ended; fails the test if it ended any other way. */
  public Outcome check(byte[] input, String what) {
    Object before = observedState == null ? null : observedState.get();
    long allocated0 = allocatedBytes();
    Outcome outcome;
    Throwable refusal = null;
    try {
      loader.load(input);
      outcome = Outcome.LOADED;
    } catch (Throwable t) {
      if (refusals.stream().noneMatch(c -> c.isInstance(t))) {
        throw new AssertionError(what + ": the loader failed with " + t.getClass().getName() + " (not a declared"
            + " refusal " + refusals.stream().map(Class::getSimpleName).toList() + "): " + t.getMessage(), t);
      }
      refusal = t;
      outcome = Outcome.REFUSED;
    }
    long allocated = allocatedBytes() - allocated0;
    long bound = allocationFactor * input.length + allocationSlack;
    if (allocated0 >= 0 && allocated > bound) {
      fail(what + ": loading " + input.length + " bytes allocated " + allocated + " bytes (bound " + bound + ")");
    }
    if (refusal != null) {
      String m = refusal.getMessage();
      if (m == null || m.isBlank() || !messageCheck.test(m)) {
        fail(what + ": refusal " + refusal.getClass().getSimpleName() + " has an unclear message: " + m);
      }
      if (observedState != null && !Arrays.deepEquals(new Object[] {before}, new Object[] {observedState.get()})) {
        fail(what + ": the load was refused (" + m + ") but it changed the target's state");
      }
    }
    return outcome;
  }

  /** Every strict prefix of {@code valid}, as is and (with a reseal) resealed: all must be refused. */
  public Report truncations(byte[] valid) {
    Report r = new Report(0, 0, 0);
    for (int len = 0; len < valid.length; len++) {
      byte[] cut = Arrays.copyOf(valid, len);
      r = r.plus(requireRefused(cut, "truncated to " + len + " of " + valid.length + " bytes"));
      if (reseal != null) {
        r = r.plus(requireRefused(reseal.apply(cut), "truncated to " + len + " bytes and resealed"));
      }
    }
    return r;
  }

  /**
   * {@code cases} copies of {@code valid} with 1 to 4 random bytes changed, resealed when
   * {@code resealed} (then the parser sees them; the values of a number may load).
   */
  public Report byteFlips(byte[] valid, long seed, int cases, boolean resealed) {
    requireReseal(resealed);
    Random rng = new Random(seed);
    Report r = new Report(0, 0, 0);
    for (int c = 0; c < cases; c++) {
      byte[] b = valid.clone();
      int flips = 1 + rng.nextInt(4);
      StringBuilder where = new StringBuilder();
      for (int f = 0; f < flips; f++) {
        int i = rng.nextInt(b.length);
        b[i] ^= (byte) (1 + rng.nextInt(255));
        where.append(' ').append(i);
      }
      r = r.plus(check(resealed ? reseal.apply(b) : b, "bytes changed at" + where + (resealed ? ", resealed" : "")));
    }
    return r;
  }

  /**
   * Every 4-byte window of {@code valid} set to huge or negative ints and every 8-byte window to
   * huge longs (big-endian as DataOutputStream writes them), resealed when a reseal is set: the
   * length fields among them must be refused within the allocation bound.
   */
  public Report hugeLengths(byte[] valid) {
    return hugeLengthsAt(valid, java.util.stream.IntStream.range(0, valid.length));
  }

  /**
   * As {@link #hugeLengths}, for windows starting at {@code offsets} only: for a larger file,
   * a random sample of offsets (see {@link #randomOffsets}).
   */
  public Report hugeLengthsAt(byte[] valid, java.util.stream.IntStream offsets) {
    Report r = new Report(0, 0, 0);
    for (int off : offsets.toArray()) {
      if (off < 0 || off + 4 > valid.length) continue;
      for (int v : HUGE_INTS) {
        byte[] b = valid.clone();
        ByteBuffer.wrap(b, off, 4).putInt(v);
        r = r.plus(check(sealed(b), "int " + v + " written at byte " + off));
      }
      if (off + 8 <= valid.length) {
        for (long v : HUGE_LONGS) {
          byte[] b = valid.clone();
          ByteBuffer.wrap(b, off, 8).putLong(v);
          r = r.plus(check(sealed(b), "long " + v + " written at byte " + off));
        }
      }
    }
    return r;
  }

  /** {@code count} distinct offsets into a file of {@code length} bytes, drawn from {@code seed}. */
  public static java.util.stream.IntStream randomOffsets(int length, int count, long seed) {
    return new Random(seed).ints(0, length).distinct().limit(Math.min(count, length));
  }

  /**
   * {@code cases} files that keep the first {@code keep} bytes of {@code valid} (magic and
   * version, say) followed by random bytes of random length, resealed: "a valid checksum over
   * garbage".
   */
  public Report garbage(byte[] valid, int keep, long seed, int cases) {
    requireReseal(true);
    Random rng = new Random(seed);
    Report r = new Report(0, 0, 0);
    for (int c = 0; c < cases; c++) {
      byte[] b = Arrays.copyOf(valid, keep + rng.nextInt(2 * valid.length));
      byte[] tail = new byte[b.length - keep];
      rng.nextBytes(tail);
      System.arraycopy(tail, 0, b, keep, tail.length);
      r = r.plus(check(reseal.apply(b), "garbage case " + c + " of " + b.length + " bytes"));
    }
    return r;
  }

  private Outcome requireRefused(byte[] input, String what) {
    Outcome o = check(input, what);
    if (o != Outcome.REFUSED) fail(what + ": loaded, but it must be refused");
    return o;
  }

  private byte[] sealed(byte[] b) {
    return reseal == null ? b : reseal.apply(b);
  }

  private void requireReseal(boolean needed) {
    if (needed && reseal == null) throw new IllegalStateException("this case needs resealWith(...) first");
  }

  /** Bytes allocated so far by this thread, or -1 where the JVM cannot tell. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
      return t.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}
