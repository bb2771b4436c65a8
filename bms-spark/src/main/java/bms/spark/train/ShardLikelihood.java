package bms.spark.train;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.conditionals.Marginals;
import bms.dgp.models.DeepGP;
import bms.dgp.models.GPLayer;
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
 * own batch positions and propagates only its rows, mirroring {@link DeepGP#propagate}: the same
 * numbers reach every row as on one machine, at the cost of drawing B*S*width normals per layer.
 */
final class ShardLikelihood {
  /** Sampled variances are floored here before the square root, as in DeepGP. */
  private static final double VARIANCE_FLOOR = 1e-12;

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
    dgp.likelihood().checkTargets(y, "Y");
    Marginals m = repeat(dgp.layers().get(0).marginals(Var.constant(x)), s);
    for (int l = 1; l < dgp.layers().size(); l++) {
      // The whole batch's noise for this layer, in the order DeepGP draws it; keep our rows.
      Matrix full = noise.gaussian(batchSize * s, m.mean().cols());
      Var eps = Var.constant(rowsOf(full, positions, s));
      Var f = m.mean().add(floor(m.variance()).sqrt().mul(eps));
      GPLayer layer = dgp.layers().get(l);
      m = layer.marginals(f);
    }
    Matrix yRep = s == 1 ? y : repeatRows(y, s);
    Var ve = dgp.likelihood().variationalExpectations(m.mean(), m.variance(), yRep, noise).sum();
    return s == 1 ? ve : ve.divScalar(s);
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

  private static Marginals repeat(Marginals m, int s) {
    if (s == 1) return m;
    int[] index = new int[m.mean().rows() * s];
    for (int i = 0; i < index.length; i++) index[i] = i / s;
    return new Marginals(m.mean().gatherRows(index), m.variance().gatherRows(index));
  }

  private static Matrix repeatRows(Matrix m, int s) {
    int c = m.cols();
    Matrix out = new Matrix(m.rows() * s, c);
    for (int i = 0; i < m.rows(); i++) {
      for (int j = 0; j < s; j++) System.arraycopy(m.data(), i * c, out.data(), (i * s + j) * c, c);
    }
    return out;
  }

  private static Var floor(Var v) {
    Matrix vv = v.value();
    Matrix out = new Matrix(vv.rows(), vv.cols());
    boolean any = false;
    for (int i = 0; i < out.size(); i++) {
      double a = vv.data()[i];
      any |= a < VARIANCE_FLOOR;
      out.data()[i] = a < VARIANCE_FLOOR ? VARIANCE_FLOOR : a;
    }
    if (!any) return v;
    return Var.op("varianceFloor", out, (g, sink) -> {
      Matrix gv = g.copy();
      for (int i = 0; i < gv.size(); i++) if (vv.data()[i] < VARIANCE_FLOOR) gv.data()[i] = 0;
      sink.accumulate(v, gv);
    }, v);
  }
}
