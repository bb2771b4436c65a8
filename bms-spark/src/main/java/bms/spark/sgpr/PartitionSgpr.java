package bms.spark.sgpr;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.Linalg;
import bms.core.matrix.Matrix;
import bms.core.optim.ParameterVector;
import bms.core.param.Parameter;
import bms.kernels.covariances.Covariances;
import bms.spark.data.DataBlock;
import java.util.Iterator;

/** What one partition computes for the distributed collapsed SGPR, block by block. */
final class PartitionSgpr {
  private PartitionSgpr() {}

  /** The partition's statistics; {@code model} holds the driver's current values. */
  static SgprStatistics statistics(Iterator<DataBlock> blocks, SgprModel model) {
    // Forward values only: fixing every parameter makes the kernels build constants, no backward closures.
    for (Parameter p : model.parameters().values()) p.setTrainable(false);
    int m = model.inducing().size();
    SgprStatistics s = null;
    while (blocks.hasNext()) {
      DataBlock b = blocks.next();
      if (s == null) s = SgprStatistics.zero(m, b.outputDim());
      Var x = Var.constant(b.xMatrix());
      Matrix kuf = Covariances.Kuf(model.inducing(), model.kernel(), x).value();
      Matrix y = b.yMatrix();
      add(s.psi, Linalg.matmul(kuf, false, kuf, true).data());
      add(s.phi, Linalg.matmul(kuf, y).data());
      for (double v : b.y()) s.yy += v * v;
      s.kdiag += model.kernel().Kdiag(x).sum().scalar();
      s.n += b.rows();
    }
    return s;
  }

  /**
   * The partition's share of dBound/dtheta (packed as {@code ParameterVector.trainable(model)}):
   * the gradient of the scalar
   * <pre>
   *   L = sum_blocks [ &lt;S, Kuf&gt; + g_kdiag sum diag Kff ],   S = (G_psi + G_psi^T) Kuf + G_phi Y^T,
   * </pre>
   * where S = d(&lt;G_psi, Kuf Kfu&gt; + &lt;G_phi, Kuf Y&gt;)/dKuf is evaluated at the current values and
   * held fixed. Its theta-gradient is exactly sum_stat &lt;dBound/dstat, dstat/dtheta&gt; for this
   * partition's rows, the chain rule through the driver's bound (one backward pass of Kuf, no
   * M x M x |theta| Jacobians).
   */
  static double[] gradient(Iterator<DataBlock> blocks, SgprModel model, SgprAdjoints adj) {
    ParameterVector params = ParameterVector.trainable(model);
    double[] g = new double[params.size()];
    Matrix gPsi = Matrix.wrap(adj.m(), adj.m(), adj.psi());
    Matrix gSym = new Matrix(adj.m(), adj.m());
    for (int i = 0; i < adj.m(); i++) {
      for (int j = 0; j < adj.m(); j++) gSym.set(i, j, gPsi.get(i, j) + gPsi.get(j, i));
    }
    Matrix gPhi = Matrix.wrap(adj.m(), adj.p(), adj.phi());
    while (blocks.hasNext()) {
      DataBlock b = blocks.next();
      Var x = Var.constant(b.xMatrix());
      Var kuf = Covariances.Kuf(model.inducing(), model.kernel(), x);
      Matrix s = Linalg.matmul(gSym, kuf.value());
      add(s.data(), Linalg.matmul(gPhi, false, b.yMatrix(), true).data());
      Var local = kuf.mul(Var.constant(s)).sum().add(model.kernel().Kdiag(x).sum().mulScalar(adj.kdiag()));
      add(g, params.gradient(Gradients.of(local)));
    }
    return g;
  }

  static void add(double[] into, double[] what) {
    for (int i = 0; i < into.length; i++) into[i] += what[i];
  }
}
