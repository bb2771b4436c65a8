package bms.core.checkpoint;

import java.util.Arrays;

/**
 * The whole state of a random number generator as plain numbers: the name of its algorithm and
 * the 64-bit words that determine its future draws (for a SplitMix64 stream, its seed and
 * position). Checkpoints store these, never a serialised Java object, so loading a file cannot
 * make the JVM instantiate classes chosen by the file.
 *
 * @param algorithm names the generator, so a state is never restored into a generator of another kind
 * @param words the state; copied in and out
 */
public record GeneratorState(String algorithm, long[] words) {
  /** Longest algorithm name accepted; names are short identifiers such as "splitmix64". */
  public static final int MAX_ALGORITHM_LENGTH = 64;

  public GeneratorState {
    if (algorithm == null || algorithm.isBlank() || algorithm.length() > MAX_ALGORITHM_LENGTH) {
      throw new IllegalArgumentException("generator algorithm must be a name of 1 to " + MAX_ALGORITHM_LENGTH
          + " characters, got " + (algorithm == null ? "null" : "'" + algorithm + "'"));
    }
    words = words.clone();
  }

  /** A state of the given words. */
  public static GeneratorState of(String algorithm, long... words) {
    return new GeneratorState(algorithm, words);
  }

  @Override
  public long[] words() {
    return words.clone();
  }

  /**
   * The words, after checking that this is a state of {@code expectedAlgorithm} with
   * {@code expectedWords} of them; a clear error otherwise.
   */
  public long[] wordsOf(String expectedAlgorithm, int expectedWords) {
    if (!algorithm.equals(expectedAlgorithm)) {
      throw new IllegalArgumentException("generator state is of algorithm '" + algorithm + "', not '" + expectedAlgorithm
          + "'");
    }
    if (words.length != expectedWords) {
      throw new IllegalArgumentException("a " + algorithm + " state has " + expectedWords + " words, got "
          + words.length);
    }
    return words.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratorState g && g.algorithm.equals(algorithm) && Arrays.equals(g.words, words);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return algorithm + Arrays.toString(words);
  }
}
