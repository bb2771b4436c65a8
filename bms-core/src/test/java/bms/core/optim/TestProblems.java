package bms.core.optim;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.util.Random;

/** Small models and objectives the optimiser tests minimise. */
final class TestProblems {
  private TestProblems() {}

  /** One unconstrained 1 x n parameter {@code x}. */
  static final class Point extends Module {
    final Parameter x;

    Point(double... start) {
      x = addParameter("x", Parameter.unconstrained(Matrix.row(start)));
    }
  }

  /**
   * The chained Rosenbrock function {@code sum_i 100 (x_i+1 - x_i^2)^2 + (1 - x_i)^2}, minimum 0
   * at (1, ..., 1), written with matrix ops on the whole row.
   */
  static Objective rosenbrock(Point p) {
    return () -> {
      Var x = p.x.var();
      int n = x.cols();
      Var a = x.sliceCols(0, n - 1);
      Var b = x.sliceCols(1, n);
      Var valley = b.sub(a.square()).square().mulScalar(100);
      return valley.add(a.rsubScalar(1).square()).sum();
    };
  }

  /** Exact GP regression hyperparameters: an SE kernel's variance and lengthscale, and noise. */
  static final class Gp extends Module {
    final Parameter variance;
    final Parameter lengthscale;
    final Parameter noise;

    Gp(double variance, double lengthscale, double noise) {
      this.variance = addParameter("variance", Parameter.positive(variance));
      this.lengthscale = addParameter("lengthscale", Parameter.positive(lengthscale));
      this.noise = addParameter("noise", Parameter.positive(noise));
    }
  }

  /** Seeded 1-D data: x uniform on [0, 6], y = sin(x) + 0.5 cos(2x) + N(0, 0.1^2). */
  static Matrix[] gpData(long seed, int n) {
    Random rng = new Random(seed);
    Matrix x = new Matrix(n, 1);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      double xi = 6 * rng.nextDouble();
      x.data()[i] = xi;
      y.data()[i] = Math.sin(xi) + 0.5 * Math.cos(2 * xi) + 0.1 * rng.nextGaussian();
    }
    return new Matrix[] {x, y};
  }

  /**
   * The negative log marginal likelihood
   * {@code -log p(y) = 0.5 a^T a + sum log diag L + n/2 log 2 pi}, with
   * {@code K = s^2 exp(-0.5 |x/l - x'/l|^2) + noise I = L L^T} and {@code a = L^-1 y}.
   */
  static Objective gpNegLogMarginal(Gp gp, Matrix x, Matrix y) {
    int n = x.rows();
    Var xs = Var.constant(x);
    Var ys = Var.constant(y);
    Var eye = Var.constant(Matrix.identity(n));
    return () -> {
      Var scaled = xs.div(gp.lengthscale.var());
      Var k = scaled.squaredDistances(scaled).mulScalar(-0.5).exp().mul(gp.variance.var())
          .add(eye.mul(gp.noise.var()));
      // No jitter: the objective is then exactly the function whose gradient is checked.
      Var l = k.cholesky(JitterPolicy.NONE_FIRST, "K");
      Var a = l.solveTriangular(ys, true, false);
      return a.square().sum().mulScalar(0.5).add(l.diag().log().sum()).addScalar(0.5 * n * Math.log(2 * Math.PI));
    };
  }
}
