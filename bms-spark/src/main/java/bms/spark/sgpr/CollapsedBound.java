package bms.spark.sgpr;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.optim.ParameterVector;
import bms.kernels.covariances.Covariances;

/**
 * Titsias' collapsed bound from the aggregated statistics, on the driver. With Lu = chol(Kuu),
 * s2 the noise variance and the statistics of {@link SgprStatistics}:
 * <pre>
 *   A A^T = Lu^-1 psi Lu^-T / s2,   LB = chol(I + A A^T),   c = LB^-1 Lu^-1 phi / s2,
 *   bound = -P log|LB| - NP/2 log 2 pi s2 - yy / (2 s2) + ||c||^2 / 2 - P kdiag / (2 s2) + P tr(A A^T) / 2,
 * </pre>
 * the same expression as {@link bms.dgp.models.SGPR#elbo()} with every sum over rows replaced by
 * its statistic. The statistics enter as autodiff leaves, so one backward pass gives both the
 * gradient through Kuu and s2 (driver only) and dBound/dstat, which the partitions need.
 */
final class CollapsedBound {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private CollapsedBound() {}

  /** The bound, its gradient through Kuu and s2, and the statistics' adjoints. */
  record Pieces(double value, double[] direct, SgprAdjoints adjoints) {}

  static Pieces evaluate(SgprModel model, SgprStatistics s) {
    int m = s.m, p = s.p;
    double n = s.n;
    Var psi = Var.variable(Matrix.wrap(m, m, s.psi));
    Var phi = Var.variable(Matrix.wrap(m, p, s.phi));
    Var kdiag = Var.variable(Matrix.scalar(s.kdiag));
    Var s2 = model.likelihood().variance().var();
    Var lu = Covariances.Kuu(model.inducing(), model.kernel()).cholesky(model.jitter(), "Kuu");
    Var luInvPsi = lu.solveTriangular(psi, true, false);
    // psi is symmetric, so (Lu^-1 psi)^T = psi Lu^-T and a second solve gives Lu^-1 psi Lu^-T.
    Var aat = lu.solveTriangular(luInvPsi.t(), true, false).div(s2);
    Var lb = aat.add(Var.constant(Matrix.identity(m))).cholesky(JitterPolicy.NONE_FIRST, "I + A A^T");
    Var c = lb.solveTriangular(lu.solveTriangular(phi, true, false), true, false).div(s2);
    Var bound = lb.logDetFromCholesky().mulScalar(-0.5 * p)
        .sub(s2.log().mulScalar(0.5 * n * p))
        .sub(Var.constant(s.yy).div(s2).mulScalar(0.5))
        .add(c.square().sum().mulScalar(0.5))
        .sub(kdiag.div(s2).mulScalar(0.5 * p))
        .add(aat.diag().sum().mulScalar(0.5 * p))
        .addScalar(-0.5 * n * p * LOG_2PI);
    Gradients g = Gradients.of(bound);
    double[] direct = ParameterVector.trainable(model).gradient(g);
    SgprAdjoints adj = new SgprAdjoints(m, p, g.get(psi).data().clone(), g.get(phi).data().clone(),
        g.get(kdiag).scalarValue());
    return new Pieces(bound.scalar(), direct, adj);
  }
}
