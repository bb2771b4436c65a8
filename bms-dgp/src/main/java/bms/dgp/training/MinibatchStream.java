package bms.dgp.training;

import bms.dgp.random.RandomStream;

/**
 * The minibatches of a training run as a pure function of the step number: epoch e is a random
 * permutation of 0..N-1 drawn from a stream derived from the seed and e, cut into floor(N / B)
 * batches of exactly B points (the remainder of each permutation is skipped, so the N/B scaling
 * of the ELBO is the same at every step). Because batch t depends on (seed, N, B, t) only, a
 * checkpoint needs just the step count to resume the same sequence.
 */
public final class MinibatchStream {
  private final RandomStream root;
  private final int numData;
  private final int batchSize;
  private final int batchesPerEpoch;
  private long cachedEpoch = -1;
  private int[] permutation;

  public MinibatchStream(RandomStream root, int numData, int batchSize) {
    if (numData <= 0) {
      throw new IllegalArgumentException("cannot draw minibatches from " + numData + " points");
    }
    if (batchSize <= 0 || batchSize > numData) {
      throw new IllegalArgumentException("batch size must be in [1, " + numData + "] for " + numData + " points, got "
          + batchSize);
    }
    this.root = root;
    this.numData = numData;
    this.batchSize = batchSize;
    this.batchesPerEpoch = numData / batchSize;
  }

  public int batchSize() {
    return batchSize;
  }

  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** The indices of the batch used at {@code step} (counted from 0). */
  public int[] batch(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    long epoch = step / batchesPerEpoch;
    if (epoch != cachedEpoch) {
      permutation = root.child(epoch).permutation(numData);
      cachedEpoch = epoch;
    }
    int start = (int) (step % batchesPerEpoch) * batchSize;
    int[] out = new int[batchSize];
    System.arraycopy(permutation, start, out, 0, batchSize);
    return out;
  }
}
