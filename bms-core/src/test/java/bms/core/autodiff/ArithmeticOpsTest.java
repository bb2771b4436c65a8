package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Broadcasting add/sub/mul/div, the scalar affine ops and sumAll: values and gradients. */
class ArithmeticOpsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** The four operand shapes that broadcast against an r x c matrix. */
  private enum Kind {
    FULL, ROW, COL, SCALAR;

    int rows(int r) {
      return this == FULL || this == COL ? r : 1;
    }

    int cols(int c) {
      return this == FULL || this == ROW ? c : 1;
    }
  }

  private record BinaryOp(String name, BinaryOperator<Var> op, DoubleBinaryOperator direct, boolean awayFromZero) {}

  private static final BinaryOp ADD = new BinaryOp("add", Var::add, (x, y) -> x + y, false);
  private static final BinaryOp SUB = new BinaryOp("sub", Var::sub, (x, y) -> x - y, false);
  private static final BinaryOp MUL = new BinaryOp("mul", Var::mul, (x, y) -> x * y, false);
  private static final BinaryOp DIV = new BinaryOp("div", Var::div, (x, y) -> x / y, true);

  /** Broadcast by hand: entry (i, j) of the result reads (0 or i, 0 or j) of each operand. */
  private static Matrix directBroadcast(Matrix a, Matrix b, DoubleBinaryOperator f) {
    int r = Math.max(a.rows(), b.rows());
    int c = Math.max(a.cols(), b.cols());
    Matrix out = new Matrix(r, c);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        double x = a.get(a.rows() == 1 ? 0 : i, a.cols() == 1 ? 0 : j);
        double y = b.get(b.rows() == 1 ? 0 : i, b.cols() == 1 ? 0 : j);
        out.set(i, j, f.applyAsDouble(x, y));
      }
    }
    return out;
  }

  /** Every (left kind, right kind) pair on random r x c, values and gradients. */
  private static void checkAllBroadcasts(BinaryOp op, long seed) {
    RandomCases rc = new RandomCases(seed);
    int combo = 0;
    for (Kind ka : Kind.values()) {
      for (Kind kb : Kind.values()) {
        int r = rc.dim(1, 7);
        int c = rc.dim(1, 7);
        Matrix a = rc.matrix(ka.rows(r), ka.cols(c));
        Matrix b = op.awayFromZero ? rc.awayFromZero(kb.rows(r), kb.cols(c), 0.5, 2.0) : rc.matrix(kb.rows(r), kb.cols(c));
        String what = op.name + " " + ka + " " + a.shapeString() + " with " + kb + " " + b.shapeString()
            + " (seed " + seed + ")";
        Matrix got = op.op.apply(Var.constant(a), Var.constant(b)).value();
        assertClose(directBroadcast(a, b, op.direct), got, 1e-15, what);
        GradCheck.withSeed(seed * 31 + combo++).check(v -> op.op.apply(v.get(0), v.get(1)), a, b);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void addBroadcastsEveryCombination(long seed) {
    checkAllBroadcasts(ADD, seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void subBroadcastsEveryCombination(long seed) {
    checkAllBroadcasts(SUB, seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mulBroadcastsEveryCombination(long seed) {
    checkAllBroadcasts(MUL, seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void divBroadcastsEveryCombination(long seed) {
    checkAllBroadcasts(DIV, seed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"add", "sub", "mul", "div"})
  void incompatibleShapesNameBothShapes(String name) {
    BinaryOp op = Stream.of(ADD, SUB, MUL, DIV).filter(o -> o.name.equals(name)).findFirst().orElseThrow();
    Var a = Var.variable(Matrix.ones(3, 2));
    Var b = Var.variable(Matrix.ones(2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.op.apply(a, b));
    assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("2x3") && e.getMessage().contains(name),
        e.getMessage());
    // The other way round, and a mismatch in one dimension only.
    assertThrows(IllegalArgumentException.class, () -> op.op.apply(b, a));
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> op.op.apply(Var.constant(Matrix.ones(4, 5)), Var.constant(Matrix.ones(4, 3))));
    assertTrue(e2.getMessage().contains("4x5") && e2.getMessage().contains("4x3"), e2.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scalarOpsMatchDirectComputation(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.matrix(rc.dim(1, 8), rc.dim(1, 8));
    double c = rc.rng().nextGaussian() * 3;
    double d = (rc.rng().nextBoolean() ? 1 : -1) * (0.25 + rc.rng().nextDouble() * 4);
    Var x = Var.constant(a);
    Matrix neg = new Matrix(a.rows(), a.cols());
    Matrix plus = new Matrix(a.rows(), a.cols());
    Matrix times = new Matrix(a.rows(), a.cols());
    Matrix over = new Matrix(a.rows(), a.cols());
    Matrix rsub = new Matrix(a.rows(), a.cols());
    for (int i = 0; i < a.size(); i++) {
      double v = a.data()[i];
      neg.data()[i] = -v;
      plus.data()[i] = v + c;
      times.data()[i] = v * c;
      over.data()[i] = v / d;
      rsub.data()[i] = c - v;
    }
    assertClose(neg, x.neg().value(), 0, "neg");
    assertClose(plus, x.addScalar(c).value(), 0, "addScalar");
    assertClose(times, x.mulScalar(c).value(), 0, "mulScalar");
    assertClose(over, x.divScalar(d).value(), 1e-15, "divScalar");
    assertClose(rsub, x.rsubScalar(c).value(), 0, "rsubScalar");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scalarOpGradients(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.matrix(rc.dim(1, 8), rc.dim(1, 8));
    double c = rc.rng().nextGaussian() * 3;
    double d = (rc.rng().nextBoolean() ? 1 : -1) * (0.25 + rc.rng().nextDouble() * 4);
    GradCheck g = GradCheck.withSeed(seed);
    g.check(v -> v.get(0).neg(), a);
    g.check(v -> v.get(0).addScalar(c), a);
    g.check(v -> v.get(0).mulScalar(c), a);
    g.check(v -> v.get(0).divScalar(d), a);
    g.check(v -> v.get(0).rsubScalar(c), a);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.0, Double.NaN})
  void divScalarRejectsZeroAndNaN(double bad) {
    Var x = Var.variable(Matrix.ones(2, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.divScalar(bad));
    assertTrue(e.getMessage().contains("divScalar"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sumAllAddsTermsAndPassesGradientToEach(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 6);
    int c = rc.dim(1, 6);
    int n = rc.dim(1, 5);
    Matrix[] terms = new Matrix[n];
    Matrix expected = new Matrix(r, c);
    for (int k = 0; k < n; k++) {
      terms[k] = rc.matrix(r, c);
      for (int i = 0; i < expected.size(); i++) expected.data()[i] += terms[k].data()[i];
    }
    List<Var> vs = new ArrayList<>();
    for (Matrix t : terms) vs.add(Var.constant(t));
    assertClose(expected, Var.sumAll(vs).value(), 1e-14, "sumAll");
    GradCheck.withSeed(seed).check(Var::sumAll, terms);
    // The same node given twice counts twice.
    GradCheck.withSeed(seed + 1).check(v -> Var.sumAll(List.of(v.get(0), v.get(0).square(), v.get(0))), terms[0]);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sumAllRejectsMismatchedShapes(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 5);
    int c = rc.dim(1, 5);
    Var a = Var.variable(rc.matrix(r, c));
    Var b = Var.variable(rc.matrix(r + 1, c));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Var.sumAll(List.of(a, b)));
    assertTrue(e.getMessage().contains(r + "x" + c) && e.getMessage().contains((r + 1) + "x" + c), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Var.sumAll(List.of()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void broadcastResultShapeIsTheLargerOfEachDimension(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(2, 6);
    int c = rc.dim(2, 6);
    Var row = Var.constant(rc.matrix(1, c));
    Var col = Var.constant(rc.matrix(r, 1));
    Var outer = col.add(row);
    assertEquals(r, outer.rows());
    assertEquals(c, outer.cols());
  }
}
