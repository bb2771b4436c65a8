package bms.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BijectorTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static void assertRoundTrip(Bijector b, Matrix x, double tol) {
    Matrix back = b.forward(b.inverse(x));
    for (int i = 0; i < x.size(); i++) {
      double want = x.data()[i];
      double got = back.data()[i];
      assertTrue(Math.abs(got - want) <= tol * Math.abs(want), b.describe() + ": forward(inverse(" + want
          + ")) = " + got);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void positiveRoundTripsFromTinyToHuge(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random r = rc.rng();
    double lower = switch (r.nextInt(3)) {
      case 0 -> 0.0;
      case 1 -> PositiveBijector.DEFAULT_LOWER;
      default -> Math.exp(-5 + 5 * r.nextDouble());
    };
    Matrix x = new Matrix(rc.dim(1, 5), rc.dim(1, 5));
    // x - lower spans 1e-300 .. 1e300 when there is no lower bound, 1e-12 * lower .. 1e300 otherwise.
    double minExp = lower == 0 ? -300 : Math.log10(lower) - 12;
    for (int i = 0; i < x.size(); i++) x.data()[i] = lower + Math.pow(10, minExp + (300 - minExp) * r.nextDouble());
    assertRoundTrip(new PositiveBijector(lower), x, 1e-12);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void intervalRoundTripsUpToTheEdges(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random r = rc.rng();
    double lo = 10 * r.nextGaussian();
    double hi = lo + Math.exp(-3 + 6 * r.nextDouble());
    Matrix x = new Matrix(rc.dim(1, 5), rc.dim(1, 5));
    for (int i = 0; i < x.size(); i++) {
      double p = Math.pow(10, -10 * r.nextDouble()); // from 1e-10 to 1 of the way in from an edge
      p = Math.min(p, 1 - 1e-10);
      x.data()[i] = r.nextBoolean() ? lo + (hi - lo) * p : hi - (hi - lo) * p;
    }
    IntervalBijector b = new IntervalBijector(lo, hi);
    Matrix back = b.forward(b.inverse(x));
    double scale = Math.max(Math.abs(lo), Math.abs(hi));
    assertTrue(back.maxAbsDiff(x) <= 1e-12 * scale, "interval (" + lo + ", " + hi + ") round trip off by "
        + back.maxAbsDiff(x));
    for (double v : back.data()) assertTrue(v > lo && v < hi || v == lo || v == hi, "left the interval: " + v);
  }

  private static Matrix stackedLowerTriangular(RandomCases rc, int blocks, int n) {
    Matrix m = new Matrix(blocks * n, n);
    for (int k = 0; k < blocks; k++) {
      Matrix l = rc.lowerTriangular(n);
      System.arraycopy(l.data(), 0, m.data(), k * n * n, n * n);
    }
    return m;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lowerTriangularAndIdentityRoundTripExactly(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix l = stackedLowerTriangular(rc, rc.dim(1, 3), rc.dim(1, 6));
    assertEquals(0.0, LowerTriangularBijector.INSTANCE.forward(LowerTriangularBijector.INSTANCE.inverse(l))
        .maxAbsDiff(l));
    Matrix x = rc.matrix(rc.dim(1, 5), rc.dim(1, 5));
    assertEquals(0.0, IdentityBijector.INSTANCE.forward(IdentityBijector.INSTANCE.inverse(x)).maxAbsDiff(x));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lowerTriangularForwardZeroesEachBlocksUpperTriangle(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 5);
    int blocks = rc.dim(1, 3);
    Matrix u = rc.matrix(blocks * n, n);
    Matrix l = LowerTriangularBijector.INSTANCE.forward(u);
    for (int r = 0; r < blocks * n; r++) {
      for (int j = 0; j < n; j++) {
        double want = j <= r % n ? u.get(r, j) : 0.0;
        // Numeric equality: masking a negative entry gives -0.0, which is zero.
        assertTrue(want == l.get(r, j), "entry (" + r + ", " + j + ") is " + l.get(r, j));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void forwardGradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 4);
    Matrix u = rc.matrix(rc.dim(1, 3) * n, n);
    Random r = rc.rng();
    double lo = r.nextGaussian();
    Bijector[] all = {new PositiveBijector(), new PositiveBijector(0.0), new IntervalBijector(lo, lo + 0.1 + r.nextDouble()),
        LowerTriangularBijector.INSTANCE, IdentityBijector.INSTANCE};
    for (Bijector b : all) GradCheck.withSeed(seed).check(v -> b.forward(v.get(0)), u);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logDetJacobianIsTheLogSlopeOfForward(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix u = rc.matrix(rc.dim(1, 4), rc.dim(1, 4));
    double lo = rc.rng().nextGaussian();
    Bijector[] elementwise = {new PositiveBijector(), new IntervalBijector(lo, lo + 0.1 + rc.rng().nextDouble()),
        IdentityBijector.INSTANCE};
    for (Bijector b : elementwise) {
      double expected = 0;
      for (int i = 0; i < u.size(); i++) {
        double h = 1e-5;
        double up = b.forward(Matrix.scalar(u.data()[i] + h)).scalarValue();
        double down = b.forward(Matrix.scalar(u.data()[i] - h)).scalarValue();
        expected += Math.log((up - down) / (2 * h));
      }
      double actual = b.logDetJacobian(Var.constant(u)).scalar();
      assertEquals(expected, actual, 1e-7 * Math.max(1, Math.abs(expected)), b.describe());
      GradCheck.withSeed(seed).check(v -> b.logDetJacobian(v.get(0)), u);
    }
  }

  @Test
  void valuesOutsideTheDomainAreRejectedWithTheValue() {
    PositiveBijector pos = new PositiveBijector(0.5);
    for (double bad : new double[] {0.5, 0.2, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      String msg = assertThrows(IllegalArgumentException.class, () -> pos.inverse(Matrix.row(1.0, bad))).getMessage();
      assertTrue(msg.contains(String.valueOf(bad)) && msg.contains("index 1"), msg);
    }
    IntervalBijector iv = new IntervalBijector(-1, 2);
    for (double bad : new double[] {-1, 2, 3, -5, Double.NaN}) {
      String msg = assertThrows(IllegalArgumentException.class, () -> iv.inverse(Matrix.column(0.0, bad)))
          .getMessage();
      assertTrue(msg.contains(String.valueOf(bad)) && msg.contains("(-1.0, 2.0)"), msg);
    }
    String msg = assertThrows(IllegalArgumentException.class, () -> LowerTriangularBijector.INSTANCE.inverse(
        Matrix.of(new double[][] {{1, 0.5}, {2, 3}}))).getMessage();
    assertTrue(msg.contains("(0, 1)") && msg.contains("0.5"), msg);
    // Second of two stacked 2x2 blocks: its row 0 is row 2 of the whole matrix.
    Matrix stacked = Matrix.of(new double[][] {{1, 0}, {2, 3}, {4, 0.25}, {5, 6}});
    String inBlock = assertThrows(IllegalArgumentException.class,
        () -> LowerTriangularBijector.INSTANCE.inverse(stacked)).getMessage();
    assertTrue(inBlock.contains("(2, 1)") && inBlock.contains("0.25"), inBlock);
    String shape = assertThrows(IllegalArgumentException.class,
        () -> LowerTriangularBijector.INSTANCE.inverse(new Matrix(3, 2))).getMessage();
    assertTrue(shape.contains("3x2"), shape);
  }

  @Test
  void badBijectorSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PositiveBijector(-1e-3));
    assertThrows(IllegalArgumentException.class, () -> new PositiveBijector(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new IntervalBijector(1, 1));
    assertThrows(IllegalArgumentException.class, () -> new IntervalBijector(0, Double.POSITIVE_INFINITY));
  }
}
