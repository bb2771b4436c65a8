package bms.spark.data;

import bms.dgp.random.RandomStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A synthetic regression set generated inside the partitions, never on the driver: x uniform on
 * [-2, 2]^D, y = sum_j sin((j + 1.5) x_j) + noise of sd {@code noiseSd}. Row i is a pure
 * function of (seed, i), so the set does not depend on the partitioning or block size, and an
 * RDD that is not persisted regenerates the same rows on every pass, one block at a time: an
 * executor then holds a single block of data however many rows its partitions have.
 */
public final class SyntheticRegression {
  private SyntheticRegression() {}

  public static JavaRDD<DataBlock> generate(JavaSparkContext sc, long rows, int dims, int partitions, int blockRows,
      double noiseSd, long seed) {
    if (rows < 1 || dims < 1 || partitions < 1 || blockRows < 1) {
      throw new IllegalArgumentException("rows, dims, partitions and block rows must be >= 1");
    }
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < partitions; p++) ids.add(p);
    return sc.parallelize(ids, partitions).flatMap(p -> new Iterator<DataBlock>() {
      private long next = rows * p / partitions;
      private final long end = rows * (p + 1) / partitions;

      @Override
      public boolean hasNext() {
        return next < end;
      }

      @Override
      public DataBlock next() {
        if (!hasNext()) throw new NoSuchElementException();
        int n = (int) Math.min(blockRows, end - next);
        DataBlock b = block(next, n, dims, noiseSd, seed);
        next += n;
        return b;
      }
    });
  }

  /** Rows [first, first + n) of the set. */
  public static DataBlock block(long first, int n, int dims, double noiseSd, long seed) {
    RandomStream root = new RandomStream(seed);
    double[] x = new double[n * dims];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      RandomStream rng = root.child(first + i);
      double s = 0;
      for (int j = 0; j < dims; j++) {
        double v = 4 * rng.nextDouble() - 2;
        x[i * dims + j] = v;
        s += Math.sin((j + 1.5) * v);
      }
      y[i] = s + noiseSd * rng.nextGaussian();
    }
    return new DataBlock(first, n, dims, 1, x, y);
  }
}
