package bms.spark.train;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.models.DeepGP;
import bms.dgp.models.SVGP;
import bms.dgp.models.VariationalModel;
import bms.dgp.random.RandomStream;

/**
 * One partition's share of a minibatch's expected log-likelihood, sum over its rows of
 * E_q[log p(y_n | f_n)], computed so that the shares add up to what the single-machine model
 * computes on the whole batch with the same noise stream.
 *
 * <p>SVGP: rows are independent and no noise is drawn (for every likelihood but the Monte Carlo
 * {@code Softmax}), so the model's own method on the partition's rows is exact.
 *
 * <p>DeepGP: the single-machine model draws, layer by layer, one (B*S) x width matrix of
 * reparameterisation noise for the whole batch (row b*S + s for sample s of batch position b).
 * Each partition draws those same full matrices from the step's stream, keeps the rows of its
 * own batch positions and propagates only its rows through the model's own code
 * ({@link DeepGP.LayerNoise}): the same numbers reach every row as on one machine, at the cost of
 * drawing B*S*width normals per layer.
 */
final class ShardLikelihood {
  private ShardLikelihood() {}

  /**
   * @param positions the batch positions (0..batchSize-1) of the rows of x and y, ascending
   * @param batchSize the size of the whole batch
   */
  static Var expectedLogLikelihood(VariationalModel model, Matrix x, Matrix y, int[] positions, int batchSize,
      RandomStream noise) {
    if (model instanceof SVGP svgp) {
      return svgp.expectedLogLikelihood(x, y, noise);
    }
    if (model instanceof DeepGP dgp) {
      return deepGp(dgp, x, y, positions, batchSize, noise);
    }
    throw new IllegalArgumentException("data-parallel training supports SVGP and DeepGP, not "
        + model.getClass().getName());
  }

  private static Var deepGp(DeepGP dgp, Matrix x, Matrix y, int[] positions, int batchSize, RandomStream noise) {
    int s = dgp.numSamples();
    // The whole batch's noise for each layer, in the order DeepGP draws it; keep our rows.
    DeepGP.LayerNoise shard = (layer, rows, cols) -> rowsOf(noise.gaussian(batchSize * s, cols), positions, s);
    return dgp.expectedLogLikelihood(x, y, shard, noise);
  }

  /** Rows b*s + j (j < s) of {@code full} for each position b, in order. */
  private static Matrix rowsOf(Matrix full, int[] positions, int s) {
    int c = full.cols();
    Matrix out = new Matrix(positions.length * s, c);
    for (int i = 0; i < positions.length; i++) {
      System.arraycopy(full.data(), positions[i] * s * c, out.data(), i * s * c, s * c);
    }
    return out;
  }
}
