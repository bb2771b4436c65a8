package bms.spark.data;

import bms.dgp.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** Turns a data set on the driver into an RDD of {@link DataBlock}s (tests, small data, model selection). */
public final class Blocks {
  /** Rows per block unless told otherwise: M x 4096 doubles is 6.5 MB at M = 200. */
  public static final int DEFAULT_BLOCK_ROWS = 4096;

  private Blocks() {}

  /**
   * The rows of {@code data} in {@code partitions} contiguous ranges, each cut into blocks of at
   * most {@code blockRows} rows; global indices are the row numbers of {@code data}.
   */
  public static JavaRDD<DataBlock> of(JavaSparkContext sc, Dataset data, int partitions, int blockRows) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    if (blockRows < 1) throw new IllegalArgumentException("block rows must be >= 1, got " + blockRows);
    int n = data.size();
    List<DataBlock> blocks = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) n * p / partitions);
      int to = (int) ((long) n * (p + 1) / partitions);
      for (int s = from; s < to; s += blockRows) {
        blocks.add(slice(data, s, Math.min(to, s + blockRows)));
        owner.add(p);
      }
    }
    // One list per partition, so each partition holds exactly its range (parallelize would
    // slice the block list by count instead).
    List<List<DataBlock>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitions; p++) byPartition.add(new ArrayList<>());
    for (int i = 0; i < blocks.size(); i++) byPartition.get(owner.get(i)).add(blocks.get(i));
    return sc.parallelize(byPartition, partitions).flatMap(List::iterator);
  }

  /** Rows [from, to) of {@code data} as one block. */
  public static DataBlock slice(Dataset data, int from, int to) {
    int dx = data.x().cols(), dy = data.y().cols();
    double[] x = new double[(to - from) * dx];
    double[] y = new double[(to - from) * dy];
    System.arraycopy(data.x().data(), from * dx, x, 0, x.length);
    System.arraycopy(data.y().data(), from * dy, y, 0, y.length);
    return new DataBlock(from, to - from, dx, dy, x, y);
  }
}
