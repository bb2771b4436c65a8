package bms.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernel values against their textbook formulas, written out entry by entry here (independently
 * of the matrix-product code paths), to 1e-12.
 */
class ClosedFormValuesTest {
  private static final double TOL = 1e-12;

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  // ------------------------------------------------------------ pinned values

  @Test
  void matern32AtUnitDistance() {
    // Two 1-D points one lengthscale apart: r = 1.
    Matern32 k = new Matern32(1.0, 2.0);
    double v = k.K(Var.constant(Matrix.column(0.5)), Var.constant(Matrix.column(2.5))).scalar();
    assertEquals((1 + Math.sqrt(3)) * Math.exp(-Math.sqrt(3)), v, TOL);
  }

  @Test
  void matern52AndMatern12AtUnitDistance() {
    Matrix a = Matrix.row(0.0, 0.0), b = Matrix.row(0.6, 0.8); // |a - b| = 1
    double v52 = new Matern52(1.0, 1.0).K(Var.constant(a), Var.constant(b)).scalar();
    assertEquals((1 + Math.sqrt(5) + 5.0 / 3.0) * Math.exp(-Math.sqrt(5)), v52, TOL);
    double v12 = new Matern12(1.0, 1.0).K(Var.constant(a), Var.constant(b)).scalar();
    assertEquals(Math.exp(-1), v12, TOL);
  }

  @Test
  void valueAtZeroDistanceIsExactlyTheVariance() {
    Matrix x = Matrix.of(new double[][] {{0.3, -1.2}, {2.0, 0.5}});
    for (Stationary k : new Stationary[] {new Matern12(1.7, 0.9), new Matern32(1.7, 0.9), new Matern52(1.7, 0.9),
        new SquaredExponential(1.7, 0.9), new RationalQuadratic(1.7, 0.9, 0.5)}) {
      Matrix kx = k.K(Var.constant(x)).value();
      double var = k.variance().scalar();
      assertEquals(var, kx.get(0, 0), 0.0, k.getClass().getSimpleName());
      assertEquals(var, kx.get(1, 1), 0.0, k.getClass().getSimpleName());
    }
  }

  @Test
  void arcCosineOrderOneOfOrthogonalInputs() {
    // Without bias and unit weights, orthogonal x, x' have theta = pi / 2: J_1 = 1, so
    // k = |x| |x'| / pi.
    ArcCosine k = new ArcCosine(1, 1.0, Matrix.scalar(1.0), 2e-6, null);
    Matrix a = Matrix.row(2.0, 0.0), b = Matrix.row(0.0, 3.0);
    double bias = k.biasVariance().scalar();
    double c = bias / Math.sqrt((4 + bias) * (9 + bias));
    double theta = Math.acos(c);
    double expect = Math.sqrt((4 + bias) * (9 + bias)) / Math.PI * (Math.sin(theta) + (Math.PI - theta) * c);
    assertEquals(expect, k.K(Var.constant(a), Var.constant(b)).scalar(), TOL);
    assertEquals(6 / Math.PI, expect, 1e-5);
  }

  // ------------------------------------------------------------ random points

  private record Inputs(Matrix x, Matrix x2, Matrix l, double var) {}

  private static Inputs inputs(RandomCases rc) {
    int d = rc.dim(1, 4);
    return new Inputs(rc.matrix(rc.dim(1, 5), d), rc.matrix(rc.dim(1, 5), d), rc.positive(1, d, 0.5, 2),
        0.5 + 1.5 * rc.rng().nextDouble());
  }

  /** r between rows i of x and j of x2, scaled by the ARD lengthscales. */
  private static double r(Inputs in, int i, int j) {
    double s = 0;
    for (int d = 0; d < in.x.cols(); d++) {
      double t = (in.x.get(i, d) - in.x2.get(j, d)) / in.l.get(0, d);
      s += t * t;
    }
    return Math.sqrt(s);
  }

  private static void assertRadial(Kernel k, Inputs in, DoubleUnaryOperator profile) {
    Matrix kv = k.K(Var.constant(in.x), Var.constant(in.x2)).value();
    for (int i = 0; i < in.x.rows(); i++) {
      for (int j = 0; j < in.x2.rows(); j++) {
        double expect = in.var * profile.applyAsDouble(r(in, i, j));
        assertEquals(expect, kv.get(i, j), TOL * Math.max(1, Math.abs(expect)), k.getClass().getSimpleName());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void radialKernelsMatchTheirFormulas(long seed) {
    RandomCases rc = new RandomCases(seed);
    Inputs in = inputs(rc);
    double s3 = Math.sqrt(3), s5 = Math.sqrt(5);
    assertRadial(new SquaredExponential(in.var, in.l), in, r -> Math.exp(-r * r / 2));
    assertRadial(new Matern12(in.var, in.l), in, r -> Math.exp(-r));
    assertRadial(new Matern32(in.var, in.l), in, r -> (1 + s3 * r) * Math.exp(-s3 * r));
    assertRadial(new Matern52(in.var, in.l), in, r -> (1 + s5 * r + 5 * r * r / 3) * Math.exp(-s5 * r));
    double alpha = 0.2 + 3 * rc.rng().nextDouble();
    assertRadial(new RationalQuadratic(in.var, in.l, alpha), in, r -> Math.pow(1 + r * r / (2 * alpha), -alpha));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void periodicAndCosineMatchTheirFormulas(long seed) {
    RandomCases rc = new RandomCases(seed);
    Inputs in = inputs(rc);
    int dim = in.x.cols();
    Matrix period = rc.positive(1, dim, 0.5, 3);
    Matrix per = new Periodic(in.var, in.l, period).K(Var.constant(in.x), Var.constant(in.x2)).value();
    Matrix cos = new Cosine(in.var, in.l).K(Var.constant(in.x), Var.constant(in.x2)).value();
    for (int i = 0; i < in.x.rows(); i++) {
      for (int j = 0; j < in.x2.rows(); j++) {
        double s = 0, t = 0;
        for (int d = 0; d < dim; d++) {
          double diff = in.x.get(i, d) - in.x2.get(j, d);
          double sn = Math.sin(Math.PI * Math.abs(diff) / period.get(0, d)) / in.l.get(0, d);
          s += sn * sn;
          t += diff / in.l.get(0, d);
        }
        assertEquals(in.var * Math.exp(-2 * s), per.get(i, j), TOL, "Periodic");
        assertEquals(in.var * Math.cos(2 * Math.PI * t), cos.get(i, j), TOL, "Cosine");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void dotProductKernelsMatchTheirFormulas(long seed) {
    RandomCases rc = new RandomCases(seed);
    Inputs in = inputs(rc);
    int dim = in.x.cols();
    Matrix v = rc.positive(1, dim, 0.2, 1.5);
    double offset = 0.1 + rc.rng().nextDouble();
    double bias = 0.1 + rc.rng().nextDouble();
    int degree = 1 + rc.rng().nextInt(3);
    Matrix lin = new Linear(v).K(Var.constant(in.x), Var.constant(in.x2)).value();
    Matrix poly = new Polynomial(degree, v, offset, null).K(Var.constant(in.x), Var.constant(in.x2)).value();
    Matrix[] arc = new Matrix[3];
    for (int o = 0; o < 3; o++) {
      arc[o] = new ArcCosine(o, in.var, v, bias, null).K(Var.constant(in.x), Var.constant(in.x2)).value();
    }
    for (int i = 0; i < in.x.rows(); i++) {
      for (int j = 0; j < in.x2.rows(); j++) {
        double dot = 0, nx = bias, nz = bias;
        for (int d = 0; d < dim; d++) {
          dot += v.get(0, d) * in.x.get(i, d) * in.x2.get(j, d);
          nx += v.get(0, d) * in.x.get(i, d) * in.x.get(i, d);
          nz += v.get(0, d) * in.x2.get(j, d) * in.x2.get(j, d);
        }
        assertEquals(dot, lin.get(i, j), TOL * Math.max(1, Math.abs(dot)), "Linear");
        double p = Math.pow(dot + offset, degree);
        assertEquals(p, poly.get(i, j), TOL * Math.max(1, Math.abs(p)), "Polynomial");
        double c = Math.max(-1, Math.min(1, (dot + bias) / Math.sqrt(nx * nz)));
        double theta = Math.acos(c);
        double[] j3 = {Math.PI - theta, Math.sin(theta) + (Math.PI - theta) * Math.cos(theta),
            3 * Math.sin(theta) * Math.cos(theta) + (Math.PI - theta) * (1 + 2 * Math.cos(theta) * Math.cos(theta))};
        for (int o = 0; o < 3; o++) {
          double expect = in.var / Math.PI * j3[o] * Math.pow(nx * nz, o / 2.0);
          assertEquals(expect, arc[o].get(i, j), 1e-10 * Math.max(1, Math.abs(expect)), "ArcCosine order " + o);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void constantAndWhiteMatchTheirDefinitions(long seed) {
    RandomCases rc = new RandomCases(seed);
    Inputs in = inputs(rc);
    Matrix c = new Constant(in.var).K(Var.constant(in.x), Var.constant(in.x2)).value();
    White white = new White(in.var);
    Matrix cross = white.K(Var.constant(in.x), Var.constant(in.x.copy())).value();
    Var xv = Var.constant(in.x);
    Matrix self = white.K(xv, xv).value();
    for (int i = 0; i < in.x.rows(); i++) {
      for (int j = 0; j < in.x2.rows(); j++) assertEquals(in.var, c.get(i, j), TOL, "Constant");
      for (int j = 0; j < in.x.rows(); j++) {
        // Equal points in two different calls are independent noise draws: zero covariance.
        assertEquals(0.0, cross.get(i, j), 0.0, "White cross-covariance");
        assertEquals(i == j ? in.var : 0.0, self.get(i, j), TOL, "White K(X, X)");
      }
    }
  }
}
