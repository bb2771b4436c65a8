package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sums, means, log-sum-exp and the group mean: values by plain loops, and gradients. */
class ReductionOpsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static Matrix sample(RandomCases rc) {
    return rc.matrix(rc.dim(1, 9), rc.dim(1, 9));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sumsAndMeansMatchLoops(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = sample(rc);
    int r = a.rows();
    int c = a.cols();
    double total = 0;
    Matrix rowSums = new Matrix(r, 1);
    Matrix colSums = new Matrix(1, c);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        double v = a.get(i, j);
        total += v;
        rowSums.set(i, 0, rowSums.get(i, 0) + v);
        colSums.set(0, j, colSums.get(0, j) + v);
      }
    }
    Matrix rowMeans = new Matrix(r, 1);
    Matrix colMeans = new Matrix(1, c);
    for (int i = 0; i < r; i++) rowMeans.set(i, 0, rowSums.get(i, 0) / c);
    for (int j = 0; j < c; j++) colMeans.set(0, j, colSums.get(0, j) / r);
    Var x = Var.constant(a);
    assertClose(Matrix.scalar(total), x.sum().value(), 1e-13, "sum");
    assertClose(Matrix.scalar(total / (r * c)), x.mean().value(), 1e-13, "mean");
    assertClose(rowSums, x.rowSums().value(), 1e-13, "rowSums");
    assertClose(colSums, x.colSums().value(), 1e-13, "colSums");
    assertClose(rowMeans, x.rowMeans().value(), 1e-13, "rowMeans");
    assertClose(colMeans, x.colMeans().value(), 1e-13, "colMeans");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sumsAndMeansGradients(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = sample(rc);
    GradCheck g = GradCheck.withSeed(seed);
    g.check(v -> v.get(0).sum(), a);
    g.check(v -> v.get(0).mean(), a);
    g.check(v -> v.get(0).rowSums(), a);
    g.check(v -> v.get(0).colSums(), a);
    g.check(v -> v.get(0).rowMeans(), a);
    g.check(v -> v.get(0).colMeans(), a);
    g.check(v -> v.get(0).sumOfSquares(), a);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sumOfSquaresIsTheSumOfTheSquaredEntries(long seed) {
    Matrix a = sample(new RandomCases(seed));
    Var x = Var.constant(a);
    assertEquals(x.square().sum().scalar(), x.sumOfSquares().scalar(), 1e-12 * (1 + x.square().sum().scalar()));
  }

  /** log(sum(exp)) straight from the definition; only for moderate entries. */
  private static double naiveLse(double[] xs) {
    double s = 0;
    for (double x : xs) s += Math.exp(x);
    return Math.log(s);
  }

  private static double[] row(Matrix a, int i) {
    return a.rowArray(i);
  }

  private static double[] col(Matrix a, int j) {
    double[] out = new double[a.rows()];
    for (int i = 0; i < a.rows(); i++) out[i] = a.get(i, j);
    return out;
  }

  private static Matrix rowLse(Matrix a, double shift) {
    Matrix out = new Matrix(a.rows(), 1);
    for (int i = 0; i < a.rows(); i++) out.set(i, 0, shift + naiveLse(row(a, i)));
    return out;
  }

  private static Matrix colLse(Matrix a, double shift) {
    Matrix out = new Matrix(1, a.cols());
    for (int j = 0; j < a.cols(); j++) out.set(0, j, shift + naiveLse(col(a, j)));
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logSumExpMatchesDefinition(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = sample(rc);
    Var x = Var.constant(a);
    assertClose(Matrix.scalar(naiveLse(a.data())), x.logSumExp().value(), 1e-13, "logSumExp");
    assertClose(rowLse(a, 0), x.rowLogSumExp().value(), 1e-13, "rowLogSumExp");
    assertClose(colLse(a, 0), x.colLogSumExp().value(), 1e-13, "colLogSumExp");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logSumExpGradients(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = sample(rc);
    GradCheck g = GradCheck.withSeed(seed);
    g.check(v -> v.get(0).logSumExp(), a);
    g.check(v -> v.get(0).rowLogSumExp(), a);
    g.check(v -> v.get(0).colLogSumExp(), a);
  }

  /**
   * Around +-1000 exp overflows or underflows, so the naive formula fails; the shift identity
   * lse(x + c) = c + lse(x) gives the expected value from small entries, and the gradient must
   * still be softmax(x).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void logSumExpIsStableAroundPlusMinusAThousand(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = sample(rc);
    double shift = rc.rng().nextBoolean() ? 1000 : -1000;
    Matrix shifted = a.copy();
    for (int i = 0; i < shifted.size(); i++) shifted.data()[i] += shift;

    Var x = Var.variable(shifted);
    Var lse = x.logSumExp();
    assertClose(Matrix.scalar(shift + naiveLse(a.data())), lse.value(), 1e-14, "logSumExp at " + shift);
    assertClose(rowLse(a, shift), x.rowLogSumExp().value(), 1e-14, "rowLogSumExp at " + shift);
    assertClose(colLse(a, shift), x.colLogSumExp().value(), 1e-14, "colLogSumExp at " + shift);

    Matrix softmax = new Matrix(a.rows(), a.cols());
    double z = Math.exp(naiveLse(a.data()));
    for (int i = 0; i < a.size(); i++) softmax.data()[i] = Math.exp(a.data()[i]) / z;
    assertClose(softmax, Gradients.of(lse).get(x), 1e-12, "d logSumExp at " + shift);

    // Finite differences taken on the small entries, with the shift inside the function.
    GradCheck g = GradCheck.withSeed(seed);
    g.check(v -> v.get(0).addScalar(shift).logSumExp(), a);
    g.check(v -> v.get(0).addScalar(shift).rowLogSumExp(), a);
    g.check(v -> v.get(0).addScalar(shift).colLogSumExp(), a);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logSumExpIgnoresMinusInfinityEntries(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.matrix(rc.dim(1, 5), rc.dim(2, 6));
    Matrix masked = a.copy();
    // Mask the whole first row and one entry of every other row: log(0) = -inf is a common mask.
    for (int j = 0; j < a.cols(); j++) masked.set(0, j, Double.NEGATIVE_INFINITY);
    for (int i = 1; i < a.rows(); i++) masked.set(i, 0, Double.NEGATIVE_INFINITY);
    Var x = Var.variable(masked);
    Var rows = x.rowLogSumExp();
    assertEquals(Double.NEGATIVE_INFINITY, rows.value().get(0, 0));
    for (int i = 1; i < a.rows(); i++) {
      double[] kept = java.util.Arrays.copyOfRange(row(a, i), 1, a.cols());
      assertEquals(naiveLse(kept), rows.value().get(i, 0), 1e-13);
    }
    // Only the finite rows enter the objective; the masked entries get exactly zero gradient.
    Var objective = rows.sliceRows(1, a.rows()).sum();
    Matrix g = Gradients.of(objective).get(x);
    for (int j = 0; j < a.cols(); j++) assertEquals(0.0, g.get(0, j), 0.0, "masked row");
    for (int i = 1; i < a.rows(); i++) assertEquals(0.0, g.get(i, 0), 0.0, "masked entry");
    // A fully masked row in the objective must not poison the gradient with NaN.
    Matrix gAll = Gradients.of(x.rowLogSumExp().sliceRows(0, 1).sum()).get(x);
    for (double v : gAll.data()) assertTrue(!Double.isNaN(v), "NaN gradient through an all -inf row");
    Var y = Var.variable(Matrix.filled(2, 3, Double.NEGATIVE_INFINITY));
    Var lse = y.logSumExp();
    assertEquals(Double.NEGATIVE_INFINITY, lse.scalar());
    Matrix gWhole = Gradients.of(lse.mulScalar(0)).get(y);
    for (double v : gWhole.data()) assertTrue(!Double.isNaN(v), "NaN gradient through an all -inf logSumExp");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void groupMeanAveragesConsecutiveRows(long seed) {
    RandomCases rc = new RandomCases(seed);
    int groups = rc.dim(1, 5);
    int k = rc.dim(1, 4);
    int c = rc.dim(1, 5);
    Matrix a = rc.matrix(groups * k, c);
    Matrix expected = new Matrix(groups, c);
    for (int g = 0; g < groups; g++) {
      for (int j = 0; j < c; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) s += a.get(g * k + t, j);
        expected.set(g, j, s / k);
      }
    }
    assertClose(expected, Var.constant(a).groupMean(k).value(), 1e-14, "groupMean");
    GradCheck.withSeed(seed).check(v -> v.get(0).groupMean(k), a);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 4, 7})
  void groupMeanRejectsSizesThatDoNotDivideTheRows(int k) {
    Var x = Var.variable(Matrix.ones(6, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.groupMean(k));
    assertTrue(e.getMessage().contains(String.valueOf(k)) && e.getMessage().contains("6x2"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mean", "logSumExp", "rowLogSumExp", "colLogSumExp"})
  void emptyInputsAreRejected(String op) {
    Var x = Var.variable(new Matrix(op.equals("colLogSumExp") ? 0 : 3, op.equals("colLogSumExp") ? 3 : 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      switch (op) {
        case "mean" -> x.mean();
        case "logSumExp" -> x.logSumExp();
        case "rowLogSumExp" -> x.rowLogSumExp();
        default -> x.colLogSumExp();
      }
    });
    String m = e.getMessage().toLowerCase();
    assertTrue(m.contains(op.toLowerCase()) && m.contains(op.equals("colLogSumExp") ? "0x3" : "3x0"), m);
  }
}
