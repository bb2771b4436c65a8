package bms.invariance.lastlayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.kernels.testing.ParameterGradCheck;
import java.util.stream.Stream;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The last layer's marginal likelihood, posterior and predictive against the N x N Gaussian
 * they are shortcuts for, y_c ~ N(0, s_w^2 [Phi 1][Phi 1]^T + s^2 I), computed with EJML; and
 * its gradients against finite differences.
 */
class BayesianLinearRegressionTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(25);
  }


  /** A few dense operations on EJML matrices, for the reference formulas. */
  private record D(DMatrixRMaj m) {
    static D identity(int n) {
      return new D(CommonOps_DDRM.identity(n));
    }

    static D of(Matrix a) {
      return new D(a.toEjml());
    }

    D mult(D o) {
      DMatrixRMaj out = new DMatrixRMaj(m.numRows, o.m.numCols);
      CommonOps_DDRM.mult(m, o.m, out);
      return new D(out);
    }

    D transpose() {
      return new D(CommonOps_DDRM.transpose(m, null));
    }

    D scale(double a) {
      DMatrixRMaj out = m.copy();
      CommonOps_DDRM.scale(a, out);
      return new D(out);
    }

    D plus(D o) {
      DMatrixRMaj out = m.copy();
      CommonOps_DDRM.addEquals(out, o.m);
      return new D(out);
    }

    D minus(D o) {
      DMatrixRMaj out = m.copy();
      CommonOps_DDRM.subtractEquals(out, o.m);
      return new D(out);
    }

    D invert() {
      DMatrixRMaj out = m.copy();
      assertTrue(CommonOps_DDRM.invert(out));
      return new D(out);
    }

    double get(int i, int j) {
      return m.get(i, j);
    }

    DMatrixRMaj getDDRM() {
      return m;
    }
  }

  private static D augmented(Matrix phi) {
    DMatrixRMaj p = new DMatrixRMaj(phi.rows(), phi.cols() + 1);
    for (int i = 0; i < phi.rows(); i++) {
      for (int j = 0; j < phi.cols(); j++) p.set(i, j, phi.get(i, j));
      p.set(i, phi.cols(), 1.0);
    }
    return new D(p);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void logMarginalLikelihoodIsTheGaussianDensityOfEachColumn(long seed) {
    RandomCases r = new RandomCases(seed);
    int n = r.dim(1, 12), f = r.dim(1, 6), c = r.dim(1, 4);
    double s2 = 0.05 + r.rng().nextDouble(), sw2 = 0.2 + 2 * r.rng().nextDouble();
    Matrix phi = r.matrix(n, f), y = r.matrix(n, c);
    BayesianLinearRegression blr = new BayesianLinearRegression(s2, sw2);
    double fast = blr.logMarginalLikelihood(Var.constant(phi), y).scalar();

    D p = augmented(phi);
    D k = p.mult(p.transpose()).scale(sw2).plus(D.identity(n).scale(s2));
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
    DMatrixRMaj kd = k.getDDRM().copy();
    assertTrue(chol.decompose(kd));
    double logDet = 0;
    for (int i = 0; i < n; i++) logDet += 2 * Math.log(kd.get(i, i));
    D kinv = k.invert();
    double dense = 0;
    for (int col = 0; col < c; col++) {
      DMatrixRMaj ycm = new DMatrixRMaj(n, 1);
      for (int i = 0; i < n; i++) ycm.set(i, 0, y.get(i, col));
      D yc = new D(ycm);
      dense += -0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * yc.transpose().mult(kinv).mult(yc).get(0, 0);
    }
    assertEquals(dense, fast, 1e-9 * Math.max(1, Math.abs(dense)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void posteriorAndPredictiveMatchTheDenseFormulas(long seed) {
    RandomCases r = new RandomCases(seed + 1);
    int n = r.dim(2, 12), f = r.dim(1, 5), c = r.dim(1, 3), m = r.dim(1, 4);
    double s2 = 0.05 + r.rng().nextDouble(), sw2 = 0.2 + 2 * r.rng().nextDouble();
    Matrix phi = r.matrix(n, f), y = r.matrix(n, c), phiStar = r.matrix(m, f);
    BayesianLinearRegression.Posterior post = new BayesianLinearRegression(s2, sw2).posterior(phi, y);
    BayesianLinearRegression.Prediction pred = post.predict(phiStar);

    // Function-space form: mean* = s_w^2 P* P^T K^-1 Y, var* = s_w^2 p* p*^T - s_w^4 p* P^T K^-1 P p*^T + s^2.
    D p = augmented(phi), ps = augmented(phiStar);
    D kinv = p.mult(p.transpose()).scale(sw2).plus(D.identity(n).scale(s2)).invert();
    D mean = ps.mult(p.transpose()).scale(sw2).mult(kinv).mult(D.of(y));
    D cross = ps.mult(p.transpose()).scale(sw2);
    D var = ps.mult(ps.transpose()).scale(sw2).minus(cross.mult(kinv).mult(cross.transpose()));
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < c; j++) assertEquals(mean.get(i, j), pred.mean().get(i, j), 1e-8);
      assertEquals(var.get(i, i) + s2, pred.variance().get(i, 0), 1e-8);
    }
    Matrix t = r.matrix(m, c);
    Matrix logd = pred.logDensity(t);
    for (int i = 0; i < m; i++) {
      double v = var.get(i, i) + s2, s = 0;
      for (int j = 0; j < c; j++) s += -0.5 * Math.log(2 * Math.PI * v) - 0.5 * Math.pow(t.get(i, j) - mean.get(i, j), 2) / v;
      assertEquals(s, logd.get(i, 0), 1e-8);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void gradientsMatchFiniteDifferences(long seed) {
    RandomCases r = new RandomCases(seed + 2);
    int n = r.dim(1, 10), f = r.dim(1, 5), c = r.dim(1, 3);
    Matrix phi = r.matrix(n, f), y = r.matrix(n, c);
    BayesianLinearRegression blr = new BayesianLinearRegression(0.1 + r.rng().nextDouble(),
        0.5 + r.rng().nextDouble());
    GradCheck.withSeed(seed).tolerance(1e-6).check(v -> blr.logMarginalLikelihood(v.get(0), y), phi);
    ParameterGradCheck.assertGradients(blr, () -> blr.logMarginalLikelihood(Var.constant(phi), y), 1e-6);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void refusesMismatchedOrBrokenInputs(long seed) {
    BayesianLinearRegression blr = new BayesianLinearRegression(0.1, 1.0);
    Matrix phi = new RandomCases(seed).matrix(4, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> blr.logMarginalLikelihood(Var.constant(phi), new Matrix(5, 2)));
    assertTrue(e.getMessage().contains("4 rows") && e.getMessage().contains("5"), e.getMessage());
    phi.set(2, 1, Double.NaN);
    e = assertThrows(IllegalArgumentException.class, () -> blr.logMarginalLikelihood(Var.constant(phi), new Matrix(4, 2)));
    assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("row 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BayesianLinearRegression(-1, 1));
    assertTrue(e.getMessage().contains("noiseVariance"), e.getMessage());
  }
}
