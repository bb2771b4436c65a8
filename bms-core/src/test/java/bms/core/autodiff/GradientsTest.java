package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertClose;
import static bms.core.testing.MatrixAsserts.assertExactlyEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reverse pass itself: accumulation, sharing, constants, seeds and errors. */
class GradientsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aNodeUsedTwiceAccumulates(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.matrix(rc.dim(1, 6), rc.dim(1, 6));
    Var x = Var.variable(a);
    Gradients g = Gradients.of(x.mul(x).sum());
    Matrix twice = new Matrix(a.rows(), a.cols());
    for (int i = 0; i < a.size(); i++) twice.data()[i] = 2 * a.data()[i];
    assertExactlyEqual(twice, g.get(x), "d sum(x*x)/dx");
    // x + x, x - x and x / x: both operands are the same leaf.
    assertExactlyEqual(Matrix.filled(a.rows(), a.cols(), 2), Gradients.of(x.add(x).sum()).get(x), "x + x");
    assertExactlyEqual(Matrix.zeros(a.rows(), a.cols()), Gradients.of(x.sub(x).sum()).get(x), "x - x");
    assertClose(Matrix.zeros(a.rows(), a.cols()), Gradients.of(x.div(x).sum()).get(x), 1e-15, "x / x");
  }

  /**
   * A diamond whose join hands one gradient matrix to two leaves, after which one of them gets
   * another contribution: adding that in place must not leak into the other.
   */
  @Test
  void sharedGradientIsNotCorruptedByInPlaceAccumulation() {
    Var x = Var.variable(Matrix.row(1, 2));
    Var y = Var.variable(Matrix.row(3, 4));
    Var c = Var.constant(Matrix.row(5, 6));
    Var v = x.add(y);
    // L = sum(x * c) + sum(v + v) = sum(x c) + 2 sum(x) + 2 sum(y).
    Var loss = x.mul(c).sum().add(v.add(v).sum());
    Gradients g = Gradients.of(loss);
    assertExactlyEqual(Matrix.row(7, 8), g.get(x), "dL/dx");
    assertExactlyEqual(Matrix.row(2, 2), g.get(y), "dL/dy");
  }

  @Test
  void deeperDiamondsThroughSharedInteriorNodes() {
    Var x = Var.variable(Matrix.row(0.5, -1.5, 2.0));
    Var y = Var.variable(Matrix.row(1.0, 0.25, -0.75));
    // u feeds two branches that meet again, and each leaf also enters on its own.
    Var u = x.add(y);
    Var w = u.add(u).add(u.mulScalar(3)); // 5u
    Var z = w.add(x).add(y.mulScalar(2)); // 5u + x + 2y = 6x + 7y
    Var loss = Var.sumAll(List.of(z, u, x.mul(y))).sum(); // 7x + 8y + x*y, summed
    Gradients g = Gradients.of(loss);
    Matrix gx = new Matrix(1, 3);
    Matrix gy = new Matrix(1, 3);
    for (int i = 0; i < 3; i++) {
      gx.data()[i] = 7 + y.value().data()[i];
      gy.data()[i] = 8 + x.value().data()[i];
    }
    assertExactlyEqual(gx, g.get(x), "dL/dx");
    assertExactlyEqual(gy, g.get(y), "dL/dy");
  }

  /** Random graphs over two leaves in which every node may be reused many times. */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomGraphsWithSharedNodes(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 4);
    int c = rc.dim(1, 4);
    int steps = rc.dim(3, 12);
    long program = rc.rng().nextLong();
    GradCheck.withSeed(seed).check(leaves -> {
      Random pick = new Random(program);
      List<Var> nodes = new ArrayList<>(leaves);
      for (int s = 0; s < steps; s++) {
        Var p = nodes.get(pick.nextInt(nodes.size()));
        Var q = nodes.get(pick.nextInt(nodes.size()));
        Var next = switch (pick.nextInt(9)) {
          case 0 -> p.add(q);
          case 1 -> p.sub(q);
          case 2 -> p.mul(q).mulScalar(0.5);
          case 3 -> p.tanh();
          case 4 -> p.sin().add(p);
          case 5 -> Var.sumAll(List.of(p, q, p));
          case 6 -> p.t().t();
          case 7 -> p.add(q.rowMeans()).add(p.colSums().mulScalar(0.1));
          default -> {
            int from = pick.nextInt(2) * p.rows();
            yield Var.concatRows(p, q).sliceRows(from, from + p.rows());
          }
        };
        nodes.add(next);
      }
      // The output mixes several nodes, so gradients arrive along many paths.
      return Var.sumAll(List.of(nodes.get(nodes.size() - 1), nodes.get(pick.nextInt(nodes.size())),
          nodes.get(pick.nextInt(nodes.size())).square().mulScalar(0.1)));
    }, rc.matrix(r, c), rc.matrix(r, c));
  }

  @Test
  void returnedGradientsAndTheSeedDoNotShareStorage() {
    Var x = Var.variable(Matrix.ones(2, 2));
    Var y = Var.variable(Matrix.ones(2, 2));
    Matrix seed = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    Gradients g = Gradients.of(x.add(y), seed);
    Matrix gx = g.get(x);
    Matrix gy = g.get(y);
    assertNotSame(gx, gy);
    gx.data()[0] = 100;
    seed.data()[1] = 100;
    assertExactlyEqual(Matrix.of(new double[][] {{1, 2}, {3, 4}}), g.get(y), "dL/dy after writing into dL/dx");
    // And through sum's backward, which hands one matrix to both sides of the add.
    Gradients h = Gradients.of(x.add(y).sum());
    h.get(x).data()[3] = -1;
    assertExactlyEqual(Matrix.ones(2, 2), h.get(y), "dL/dy after writing into dL/dx");
  }

  @Test
  void differentiatingTwiceGivesTheSameAnswer() {
    Var x = Var.variable(Matrix.row(0.3, -0.2, 1.1));
    Var loss = x.exp().mul(x).add(x).sum();
    Matrix first = Gradients.of(loss).get(x).copy();
    assertExactlyEqual(first, Gradients.of(loss).get(x), "second pass");
  }

  @Test
  void constantsGetNoGradient() {
    Var x = Var.variable(Matrix.row(1, 2, 3));
    Var c = Var.constant(Matrix.row(4, 5, 6));
    Var cc = c.exp().add(c); // built from constants only
    assertFalse(cc.requiresGrad());
    assertTrue(cc.isLeaf(), "a node of constants keeps no parents");
    Gradients g = Gradients.of(x.mul(cc).sum());
    assertFalse(g.has(c));
    assertFalse(g.has(cc));
    assertTrue(g.has(x));
    assertExactlyEqual(Matrix.zeros(1, 3), g.get(c), "constant");
    // detach() cuts the graph.
    Var d = x.detach();
    Gradients h = Gradients.of(x.mul(d).sum());
    assertExactlyEqual(x.value(), h.get(x), "d sum(x * detach(x))/dx");
    assertFalse(h.has(d));
    // An output that depends on no variable has no gradients at all.
    Gradients none = Gradients.of(c.sum());
    assertFalse(none.has(x));
    assertExactlyEqual(Matrix.zeros(1, 3), none.get(x), "unrelated variable");
  }

  @Test
  void unusedVariablesGetZerosOfTheirShape() {
    Var x = Var.variable(Matrix.ones(2, 3));
    Var unused = Var.variable(Matrix.ones(4, 5));
    Gradients g = Gradients.of(x.sum());
    assertFalse(g.has(unused));
    assertExactlyEqual(Matrix.zeros(4, 5), g.get(unused), "unused");
  }

  @Test
  void nonScalarOutputNeedsASeed() {
    Var x = Var.variable(Matrix.ones(2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.of(x.exp()));
    assertTrue(e.getMessage().contains("2x3"), e.getMessage());
    // With a seed it is the vector-Jacobian product: seed * exp(x).
    Matrix seed = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Matrix g = Gradients.of(x.exp(), seed).get(x);
    for (int i = 0; i < 6; i++) assertEquals(seed.data()[i] * Math.E, g.data()[i], 1e-15);
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> Gradients.of(x.exp(), Matrix.ones(3, 2)));
    assertTrue(bad.getMessage().contains("2x3") && bad.getMessage().contains("3x2"), bad.getMessage());
  }

  @Test
  void aBackwardPassOfTheWrongShapeNamesBothShapes() {
    Var x = Var.variable(Matrix.ones(2, 3), "weights");
    // A broken custom op: its backward hands back a 3x2 gradient for a 2x3 input.
    Var broken = Var.op("broken", Matrix.scalar(1), (g, sink) -> sink.accumulate(x, Matrix.ones(3, 2)), x);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.of(broken));
    String m = e.getMessage();
    assertTrue(m.contains("2x3") && m.contains("3x2") && m.contains("weights"), m);
  }

  @Test
  void veryDeepGraphsDoNotOverflowTheStack() {
    Var x = Var.variable(Matrix.scalar(1.0));
    Var y = x;
    for (int i = 0; i < 50_000; i++) y = y.addScalar(1e-3).mulScalar(1.0);
    assertEquals(1.0, Gradients.of(y).get(x).scalarValue(), 0.0);
  }
}
