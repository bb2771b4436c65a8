package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertExactlyEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transpose, reshape, slicing, row gather, concatenation and diagonals. These only move entries,
 * so values must match plain index loops exactly.
 */
class StructuralOpsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void transpose(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.matrix(rc.dim(1, 12), rc.dim(1, 12));
    Matrix expected = new Matrix(a.cols(), a.rows());
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < a.cols(); j++) expected.set(j, i, a.get(i, j));
    }
    assertExactlyEqual(expected, Var.constant(a).t().value(), "transpose");
    GradCheck.withSeed(seed).check(v -> v.get(0).t(), a);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void reshapeKeepsRowMajorOrder(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 6);
    int c = rc.dim(1, 6);
    Matrix a = rc.matrix(r, c);
    // Any factorisation of r*c; the flat row-major order is kept.
    int n = r * c;
    List<Integer> divisors = new ArrayList<>();
    for (int d = 1; d <= n; d++) if (n % d == 0) divisors.add(d);
    int nr = divisors.get(rc.rng().nextInt(divisors.size()));
    int nc = n / nr;
    Matrix expected = new Matrix(nr, nc);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        int flat = i * c + j;
        expected.set(flat / nc, flat % nc, a.get(i, j));
      }
    }
    assertExactlyEqual(expected, Var.constant(a).reshape(nr, nc).value(), "reshape");
    GradCheck.withSeed(seed).check(v -> v.get(0).reshape(nr, nc), a);
  }

  @Test
  void reshapeRejectsOtherSizesAndNegativeShapes() {
    Var x = Var.variable(Matrix.ones(2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
    assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("4x2"), e.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> x.reshape(-2, -3));
    assertTrue(neg.getMessage().contains("-2x-3"), neg.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void slices(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 9);
    int c = rc.dim(1, 9);
    Matrix a = rc.matrix(r, c);
    int r0 = rc.rng().nextInt(r);
    int r1 = rc.dim(r0 + 1, r);
    int c0 = rc.rng().nextInt(c);
    int c1 = rc.dim(c0 + 1, c);
    Matrix expected = new Matrix(r1 - r0, c1 - c0);
    for (int i = r0; i < r1; i++) {
      for (int j = c0; j < c1; j++) expected.set(i - r0, j - c0, a.get(i, j));
    }
    Var x = Var.constant(a);
    assertExactlyEqual(expected, x.slice(r0, r1, c0, c1).value(), "slice");
    Matrix rows = new Matrix(r1 - r0, c);
    for (int i = r0; i < r1; i++) for (int j = 0; j < c; j++) rows.set(i - r0, j, a.get(i, j));
    assertExactlyEqual(rows, x.sliceRows(r0, r1).value(), "sliceRows");
    Matrix cols = new Matrix(r, c1 - c0);
    for (int i = 0; i < r; i++) for (int j = c0; j < c1; j++) cols.set(i, j - c0, a.get(i, j));
    assertExactlyEqual(cols, x.sliceCols(c0, c1).value(), "sliceCols");

    GradCheck g = GradCheck.withSeed(seed);
    g.check(v -> v.get(0).slice(r0, r1, c0, c1), a);
    g.check(v -> v.get(0).sliceRows(r0, r1), a);
    g.check(v -> v.get(0).sliceCols(c0, c1), a);
    // Overlapping slices of one node add up.
    g.check(v -> v.get(0).sliceRows(r0, r1).sum().add(v.get(0).slice(0, r1, c0, c1).square().sum()), a);
  }

  @Test
  void sliceOutOfRangeNamesTheBoundsAndShape() {
    Var x = Var.variable(Matrix.ones(3, 4));
    for (int[] b : new int[][] {{0, 4, 0, 4}, {-1, 2, 0, 1}, {2, 1, 0, 1}, {0, 3, 0, 5}, {0, 3, 3, 2}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.slice(b[0], b[1], b[2], b[3]));
      assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("[" + b[0] + ", " + b[1] + ")"),
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> x.sliceRows(0, 4));
    assertThrows(IllegalArgumentException.class, () -> x.sliceCols(0, 5));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gatherRowsWithRepeatedIndices(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 8);
    int c = rc.dim(1, 6);
    Matrix a = rc.matrix(n, c);
    int[] idx = rc.indices(rc.dim(2, 12), n);
    idx[idx.length - 1] = idx[0]; // at least one repeat, whose gradients must add
    Matrix expected = new Matrix(idx.length, c);
    for (int i = 0; i < idx.length; i++) for (int j = 0; j < c; j++) expected.set(i, j, a.get(idx[i], j));
    assertExactlyEqual(expected, Var.constant(a).gatherRows(idx).value(), "gatherRows");
    GradCheck.withSeed(seed).check(v -> v.get(0).gatherRows(idx), a);

    // The gradient of sum(gather) counts how often each row was picked.
    Var x = Var.variable(a);
    Matrix g = Gradients.of(x.gatherRows(idx).sum()).get(x);
    for (int r = 0; r < n; r++) {
      int count = 0;
      for (int i : idx) if (i == r) count++;
      for (int j = 0; j < c; j++) assertEquals(count, g.get(r, j), 0.0, "row " + r);
    }
  }

  @Test
  void gatherRowsRejectsBadIndicesAndKeepsItsOwnCopy() {
    Var x = Var.variable(Matrix.ones(3, 2));
    for (int bad : new int[] {-1, 3}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.gatherRows(new int[] {0, bad}));
      assertTrue(e.getMessage().contains("index[1] = " + bad) && e.getMessage().contains("3x2"), e.getMessage());
    }
    // Changing the caller's array after the call must not change the backward pass.
    int[] idx = {0, 0, 2};
    Var y = x.gatherRows(idx);
    idx[0] = 1;
    Matrix g = Gradients.of(y.sum()).get(x);
    assertExactlyEqual(Matrix.of(new double[][] {{2, 2}, {0, 0}, {1, 1}}), g, "gather gradient");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void concatRowsAndCols(long seed) {
    RandomCases rc = new RandomCases(seed);
    int parts = rc.dim(1, 4);
    int c = rc.dim(1, 5);
    Matrix[] vertical = new Matrix[parts];
    int total = 0;
    for (int k = 0; k < parts; k++) {
      vertical[k] = rc.matrix(rc.dim(1, 4), c);
      total += vertical[k].rows();
    }
    Matrix stacked = new Matrix(total, c);
    int row = 0;
    for (Matrix m : vertical) {
      for (int i = 0; i < m.rows(); i++, row++) for (int j = 0; j < c; j++) stacked.set(row, j, m.get(i, j));
    }
    List<Var> vs = new ArrayList<>();
    for (Matrix m : vertical) vs.add(Var.constant(m));
    assertExactlyEqual(stacked, Var.concatRows(vs).value(), "concatRows");
    GradCheck.withSeed(seed).check(Var::concatRows, vertical);

    int r = rc.dim(1, 5);
    Matrix[] horizontal = new Matrix[parts];
    total = 0;
    for (int k = 0; k < parts; k++) {
      horizontal[k] = rc.matrix(r, rc.dim(1, 4));
      total += horizontal[k].cols();
    }
    Matrix side = new Matrix(r, total);
    int col = 0;
    for (Matrix m : horizontal) {
      for (int j = 0; j < m.cols(); j++, col++) for (int i = 0; i < r; i++) side.set(i, col, m.get(i, j));
    }
    vs.clear();
    for (Matrix m : horizontal) vs.add(Var.constant(m));
    assertExactlyEqual(side, Var.concatCols(vs).value(), "concatCols");
    GradCheck.withSeed(seed + 1).check(Var::concatCols, horizontal);

    // One node in several places: its gradient is the sum over the places.
    GradCheck.withSeed(seed + 2).check(v -> Var.concatRows(v.get(0), v.get(0).exp(), v.get(0)), vertical[0]);
    GradCheck.withSeed(seed + 3).check(v -> Var.concatCols(v.get(0), v.get(0).square(), v.get(0)), horizontal[0]);
  }

  @Test
  void concatRejectsMismatchedPartsNamingTheirShapes() {
    Var a = Var.variable(Matrix.ones(2, 3));
    Var b = Var.variable(Matrix.ones(2, 4));
    Var c = Var.variable(Matrix.ones(5, 3));
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> Var.concatRows(a, b));
    assertTrue(rows.getMessage().contains("2x4") && rows.getMessage().contains("3 columns"), rows.getMessage());
    IllegalArgumentException cols = assertThrows(IllegalArgumentException.class, () -> Var.concatCols(a, c));
    assertTrue(cols.getMessage().contains("5x3") && cols.getMessage().contains("2 rows"), cols.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Var.concatRows());
    assertThrows(IllegalArgumentException.class, () -> Var.concatCols(List.of()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void diagAndDiagMatrix(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 10);
    Matrix a = rc.matrix(n, n);
    Matrix d = new Matrix(n, 1);
    for (int i = 0; i < n; i++) d.set(i, 0, a.get(i, i));
    assertExactlyEqual(d, Var.constant(a).diag().value(), "diag");
    GradCheck.withSeed(seed).check(v -> v.get(0).diag(), a);

    boolean asRow = rc.rng().nextBoolean();
    Matrix v = asRow ? rc.matrix(1, n) : rc.matrix(n, 1);
    Matrix dm = new Matrix(n, n);
    for (int i = 0; i < n; i++) dm.set(i, i, v.data()[i]);
    assertExactlyEqual(dm, Var.diagMatrix(Var.constant(v)).value(), "diagMatrix");
    GradCheck.withSeed(seed + 1).check(x -> Var.diagMatrix(x.get(0)), v);
    // diag(diagMatrix(v)) = v as a column.
    assertExactlyEqual(v.reshape(n, 1), Var.diagMatrix(Var.constant(v)).diag().value(), "diag of diagMatrix");
  }

  @Test
  void diagRejectsNonSquareAndDiagMatrixRejectsNonVectors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Var.variable(Matrix.ones(2, 3)).diag());
    assertTrue(e.getMessage().contains("2x3"), e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> Var.diagMatrix(Var.variable(Matrix.ones(2, 3))));
    assertTrue(f.getMessage().contains("2x3"), f.getMessage());
  }
}
