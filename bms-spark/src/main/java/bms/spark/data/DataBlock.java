package bms.spark.data;

import bms.core.matrix.Matrix;
import java.io.Serializable;

/**
 * A chunk of consecutive training rows as plain row-major arrays: what the RDDs of bms-spark
 * hold. {@code first} is the global index of the first row (0-based, in the order of the
 * single-machine data set), so minibatch indices drawn on the driver can be found in the
 * partitions. Blocks are kept small (a few thousand rows) so that the kernel matrices built
 * from one block, M x rows, bound an executor's working memory whatever the partition size.
 */
public record DataBlock(long first, int rows, int inputDim, int outputDim, double[] x, double[] y)
    implements Serializable {

  public DataBlock {
    if (rows <= 0) throw new IllegalArgumentException("a data block needs at least one row, got " + rows);
    if (x.length != (long) rows * inputDim || y.length != (long) rows * outputDim) {
      throw new IllegalArgumentException("data block arrays do not match " + rows + " rows of " + inputDim + " inputs and "
          + outputDim + " outputs");
    }
  }

  public Matrix xMatrix() {
    return Matrix.wrap(rows, inputDim, x);
  }

  public Matrix yMatrix() {
    return Matrix.wrap(rows, outputDim, y);
  }

  /** Whether global row {@code index} is in this block. */
  public boolean contains(long index) {
    return index >= first && index < first + rows;
  }
}
