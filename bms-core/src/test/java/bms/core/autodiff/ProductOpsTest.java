package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrix products in every transpose combination, and pairwise squared distances. */
class ProductOpsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** op(a) op(b) by the triple loop. */
  private static Matrix directProduct(Matrix a, boolean ta, Matrix b, boolean tb) {
    int m = ta ? a.cols() : a.rows();
    int k = ta ? a.rows() : a.cols();
    int n = tb ? b.rows() : b.cols();
    Matrix c = new Matrix(m, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) s += (ta ? a.get(t, i) : a.get(i, t)) * (tb ? b.get(j, t) : b.get(t, j));
        c.set(i, j, s);
      }
    }
    return c;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void matmulInEveryTransposeCombination(long seed) {
    RandomCases rc = new RandomCases(seed);
    for (int combo = 0; combo < 4; combo++) {
      boolean ta = (combo & 1) != 0;
      boolean tb = (combo & 2) != 0;
      int m = rc.dim(1, 8);
      int k = rc.dim(1, 8);
      int n = rc.dim(1, 8);
      Matrix a = ta ? rc.matrix(k, m) : rc.matrix(m, k);
      Matrix b = tb ? rc.matrix(n, k) : rc.matrix(k, n);
      Matrix expected = directProduct(a, ta, b, tb);
      String what = "matmul ta=" + ta + " tb=" + tb + " " + a.shapeString() + " " + b.shapeString();
      Var x = Var.constant(a);
      Var y = Var.constant(b);
      assertClose(expected, x.matmul(y, ta, tb).value(), 1e-13, what);
      GradCheck.withSeed(seed * 4 + combo).check(v -> v.get(0).matmul(v.get(1), ta, tb), a, b);
      // The named shortcuts are the same products, with the same gradients.
      if (!ta && !tb) {
        assertClose(expected, x.matmul(y).value(), 1e-13, "matmul");
        GradCheck.withSeed(seed).check(v -> v.get(0).matmul(v.get(1)), a, b);
      } else if (ta && !tb) {
        assertClose(expected, x.tmatmul(y).value(), 1e-13, "tmatmul");
        GradCheck.withSeed(seed).check(v -> v.get(0).tmatmul(v.get(1)), a, b);
      } else if (!ta) {
        assertClose(expected, x.matmult(y).value(), 1e-13, "matmult");
        GradCheck.withSeed(seed).check(v -> v.get(0).matmult(v.get(1)), a, b);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void matmulOfANodeWithItself(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.matrix(rc.dim(1, 7), rc.dim(1, 7));
    GradCheck g = GradCheck.withSeed(seed);
    g.check(v -> v.get(0).tmatmul(v.get(0)), a);
    g.check(v -> v.get(0).matmult(v.get(0)), a);
    Matrix sq = rc.matrix(a.rows(), a.rows());
    g.check(v -> v.get(0).matmul(v.get(0), true, true), sq);
  }

  @Test
  void matmulRejectsMismatchedInnerDimensionsNamingBothShapes() {
    Var a = Var.variable(Matrix.ones(3, 2));
    Var b = Var.variable(Matrix.ones(3, 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
    assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("3x4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.tmatmul(a.t()));
    assertThrows(IllegalArgumentException.class, () -> a.matmult(b));
    assertEquals(2, a.tmatmul(b).rows()); // a^T b is 2x4: legal
  }

  /** sum_k (x_ik - z_jk)^2 by loops. */
  private static Matrix directDistances(Matrix x, Matrix z) {
    Matrix d = new Matrix(x.rows(), z.rows());
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < z.rows(); j++) {
        double s = 0;
        for (int k = 0; k < x.cols(); k++) {
          double diff = x.get(i, k) - z.get(j, k);
          s += diff * diff;
        }
        d.set(i, j, s);
      }
    }
    return d;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void squaredDistancesBetweenTwoSets(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 6);
    Matrix x = rc.matrix(rc.dim(1, 9), d);
    Matrix z = rc.matrix(rc.dim(1, 9), d);
    Matrix got = Var.constant(x).squaredDistances(Var.constant(z)).value();
    // |x|^2 + |z|^2 - 2 x.z cancels: compare with an absolute error on the scale of the norms.
    assertClose(directDistances(x, z), got, 1e-12 * (1 + x.maxAbs() * x.maxAbs() + z.maxAbs() * z.maxAbs()) * d,
        "squaredDistances");
    for (double v : got.data()) assertTrue(v >= 0, "negative squared distance " + v);
    GradCheck.withSeed(seed).check(v -> v.get(0).squaredDistances(v.get(1)), x, z);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void squaredDistancesOfASetWithItself(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix x = rc.matrix(rc.dim(1, 10), rc.dim(1, 6));
    Var v = Var.constant(x);
    Matrix got = v.squaredDistances(v).value();
    int n = x.rows();
    for (int i = 0; i < n; i++) {
      assertEquals(0.0, got.get(i, i), 0.0, "diagonal entry " + i);
      for (int j = 0; j < n; j++) {
        assertEquals(got.get(i, j), got.get(j, i), 0.0, "asymmetric at (" + i + ", " + j + ")");
      }
    }
    assertClose(directDistances(x, x), got, 1e-12 * (1 + x.maxAbs() * x.maxAbs()) * x.cols(), "self distances");
    GradCheck.withSeed(seed).check(u -> u.get(0).squaredDistances(u.get(0)), x);
    // Scaled copies of one node (as a kernel does with lengthscales) are one node too.
    GradCheck.withSeed(seed + 1).check(u -> {
      Var s = u.get(0).mulScalar(0.7);
      return s.squaredDistances(s).exp();
    }, x);
  }

  @Test
  void squaredDistancesRejectsDifferentDimensions() {
    Var x = Var.variable(Matrix.ones(4, 3));
    Var z = Var.variable(Matrix.ones(5, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.squaredDistances(z));
    assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("5x2"), e.getMessage());
  }

  @Test
  void coincidentPointsGetAFiniteZeroGradient() {
    // Two equal rows in different nodes: the distance is 0 (maybe clamped from a tiny negative);
    // its gradient, 2 (x - z) = 0, must come back finite.
    Matrix p = Matrix.of(new double[][] {{0.1, 0.7, -0.3}, {1e8, 3, 1}});
    Var x = Var.variable(p);
    Var z = Var.variable(p.copy());
    Var dist = x.squaredDistances(z);
    assertTrue(dist.value().get(0, 0) >= 0);
    Matrix gx = Gradients.of(dist.sliceCols(0, 1).sliceRows(0, 1).sum()).get(x);
    for (double v : gx.data()) assertTrue(Double.isFinite(v) && Math.abs(v) < 1e-6, "gradient " + v);
  }
}
