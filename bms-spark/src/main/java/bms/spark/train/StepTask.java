package bms.spark.train;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.ParameterVector;
import bms.core.param.Module;
import bms.dgp.models.VariationalModel;
import bms.dgp.random.RandomStream;
import bms.spark.data.DataBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * What the driver broadcasts for one training step: the batch's global row indices in batch
 * order (null for the full batch of {@code numData} rows) and the step's noise stream, as its
 * seed and position. {@link #run} is the executor side: the gradient of the partition's share of
 * the expected log-likelihood (unscaled; the driver applies N/B and the KL).
 */
record StepTask(int[] batch, int numData, long noiseSeed, long noisePosition) implements Serializable {

  int batchSize() {
    return batch == null ? numData : batch.length;
  }

  <T extends Module & VariationalModel> GradientPartial run(Iterator<DataBlock> blocks, T model) {
    ParameterVector params = ParameterVector.trainable(model);
    // (global index, batch position) sorted by index, to find each block's batch rows by binary search.
    long[] keys = null;
    if (batch != null) {
      keys = new long[batch.length];
      for (int j = 0; j < batch.length; j++) keys[j] = ((long) batch[j] << 32) | j;
      Arrays.sort(keys);
    }
    List<long[]> found = new ArrayList<>(); // {position, row offset in rowsX}
    List<double[]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    int dx = -1, dy = -1;
    while (blocks.hasNext()) {
      DataBlock b = blocks.next();
      dx = b.inputDim();
      dy = b.outputDim();
      if (batch == null) {
        for (int r = 0; r < b.rows(); r++) take(b, r, b.first() + r, found, xs, ys);
      } else {
        int lo = lowerBound(keys, b.first() << 32);
        for (int k = lo; k < keys.length && (keys[k] >>> 32) < b.first() + b.rows(); k++) {
          take(b, (int) ((keys[k] >>> 32) - b.first()), keys[k] & 0xffffffffL, found, xs, ys);
        }
      }
    }
    GradientPartial out = new GradientPartial(params.size());
    if (found.isEmpty()) return out;
    found.sort((a, c) -> Long.compare(a[0], c[0]));
    int n = found.size();
    Matrix x = new Matrix(n, dx);
    Matrix y = new Matrix(n, dy);
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      int k = (int) found.get(i)[1];
      positions[i] = (int) found.get(i)[0];
      System.arraycopy(xs.get(k), 0, x.data(), i * dx, dx);
      System.arraycopy(ys.get(k), 0, y.data(), i * dy, dy);
    }
    RandomStream noise = RandomStream.restore(noiseSeed, noisePosition);
    Var ell = ShardLikelihood.expectedLogLikelihood(model, x, y, positions, batchSize(), noise);
    out.value = ell.scalar();
    double[] g = params.gradient(Gradients.of(ell));
    System.arraycopy(g, 0, out.gradient, 0, g.length);
    out.rows = n;
    return out;
  }

  private static void take(DataBlock b, int r, long position, List<long[]> found, List<double[]> xs,
      List<double[]> ys) {
    found.add(new long[] {position, xs.size()});
    xs.add(Arrays.copyOfRange(b.x(), r * b.inputDim(), (r + 1) * b.inputDim()));
    ys.add(Arrays.copyOfRange(b.y(), r * b.outputDim(), (r + 1) * b.outputDim()));
  }

  private static int lowerBound(long[] a, long key) {
    int lo = 0, hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
