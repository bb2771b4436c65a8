package bms.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void assignSetsTheConstrainedValue(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 4);
    int c = rc.dim(1, 4);
    Parameter p = Parameter.positive(rc.positive(r, c, 0.1, 5));
    Matrix x = rc.positive(r, c, 1e-3, 1e3);
    p.assign(x);
    assertTrue(p.value().maxAbsDiff(x) <= 1e-12 * x.maxAbs(), "value after assign");
    Parameter q = Parameter.interval(rc.uniform(r, c, -1, 1), -2, 3);
    Matrix y = rc.uniform(r, c, -1.9, 2.9);
    q.assign(y);
    assertTrue(q.value().maxAbsDiff(y) <= 1e-12, "interval value after assign");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void unconstrainedValueRoundTrips(long seed) {
    RandomCases rc = new RandomCases(seed);
    Parameter p = Parameter.positive(rc.positive(rc.dim(1, 4), rc.dim(1, 4), 0.1, 5));
    Matrix u = rc.matrix(p.rows(), p.cols());
    p.setUnconstrained(u);
    assertEquals(0.0, p.unconstrained().maxAbsDiff(u));
    assertTrue(p.value().maxAbsDiff(new PositiveBijector().forward(u)) == 0.0);
    // The parameter keeps its own copy.
    u.data()[0] += 1;
    assertFalse(p.unconstrained().maxAbsDiff(u) == 0.0);
  }

  @Test
  void wrongShapesAreRejectedWithBothShapes() {
    Parameter p = Parameter.positive(Matrix.ones(2, 3));
    String msg = assertThrows(IllegalArgumentException.class, () -> p.assign(Matrix.ones(3, 2))).getMessage();
    assertTrue(msg.contains("2x3") && msg.contains("3x2"), msg);
    String msg2 = assertThrows(IllegalArgumentException.class, () -> p.setUnconstrained(Matrix.ones(1, 1)))
        .getMessage();
    assertTrue(msg2.contains("2x3") && msg2.contains("1x1"), msg2);
  }

  @Test
  void nonFiniteValuesAreRejected() {
    Matrix bad = Matrix.row(1.0, Double.NaN);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Parameter.unconstrained(bad)).getMessage()
        .contains("NaN"));
    Parameter p = Parameter.unconstrained(Matrix.row(1.0, 2.0));
    assertThrows(IllegalArgumentException.class, () -> p.assign(bad));
    String msg = assertThrows(IllegalArgumentException.class,
        () -> p.setUnconstrained(Matrix.row(Double.NEGATIVE_INFINITY, 0))).getMessage();
    assertTrue(msg.contains("(0, 0)"), msg);
    assertEquals(0.0, p.value().maxAbsDiff(Matrix.row(1.0, 2.0)), "a rejected value must leave the old one");
  }

  @Test
  void fixedParameterIsAConstantWithoutGradient() {
    Parameter p = Parameter.positive(Matrix.row(0.5, 2.0)).setTrainable(false);
    assertFalse(p.var().requiresGrad());
    assertFalse(p.leaf().requiresGrad());
    Var w = Var.variable(Matrix.scalar(3.0));
    Var loss = p.var().mul(w).sum();
    Gradients g = Gradients.of(loss);
    assertFalse(g.has(p.leaf()));
    assertEquals(2.5, g.get(w).scalarValue(), 1e-12, "the rest of the graph still differentiates");
    p.setTrainable(true);
    assertTrue(p.var().requiresGrad());
    assertTrue(Gradients.of(p.var().sum()).has(p.leaf()));
  }

  @Test
  void leavesAreCachedUntilTheValueChanges() {
    Parameter p = Parameter.positive(1.5);
    Var v = p.var();
    Var leaf = p.leaf();
    assertSame(v, p.var());
    assertSame(leaf, p.leaf());
    // One leaf however often the model reads it: the gradient sums both uses.
    Gradients g = Gradients.of(p.var().add(p.var()).sum());
    double sig = 1 / (1 + Math.exp(-p.unconstrained().scalarValue()));
    assertEquals(2 * sig, g.get(p.leaf()).scalarValue(), 1e-12);
    p.assign(2.5);
    assertNotSame(leaf, p.leaf());
    assertNotSame(v, p.var());
    Var leaf2 = p.leaf();
    p.setTrainable(true);
    assertNotSame(leaf2, p.leaf());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logPriorIsTheDensityOfTheUnconstrainedValue(long seed) {
    RandomCases rc = new RandomCases(seed);
    double shape = 0.5 + 4 * rc.rng().nextDouble();
    double rate = 0.2 + 3 * rc.rng().nextDouble();
    Matrix x = rc.positive(1, rc.dim(1, 4), 0.05, 5);
    Parameter p = Parameter.positive(x).setPrior(new GammaPrior(shape, rate));
    // log p_u(u) = log p_x(x) + log dx/du, with dx/du = sigmoid(u) for x = softplus(u) + lower.
    GammaDistribution ref = new GammaDistribution(null, shape, 1 / rate);
    double expected = 0;
    for (int i = 0; i < x.size(); i++) {
      double u = p.unconstrained().data()[i];
      expected += ref.logDensity(p.value().data()[i]) + Math.log(1 / (1 + Math.exp(-u)));
    }
    Var lp = p.logPrior();
    assertEquals(expected, lp.scalar(), 1e-10 * Math.max(1, Math.abs(expected)));
    // Its gradient in u matches central differences of the value.
    Matrix grad = Gradients.of(lp).get(p.leaf());
    Matrix u0 = p.unconstrained();
    for (int i = 0; i < u0.size(); i++) {
      double h = 1e-6;
      Matrix up = u0.copy();
      up.data()[i] += h;
      p.setUnconstrained(up);
      double fp = p.logPrior().scalar();
      Matrix down = u0.copy();
      down.data()[i] -= h;
      p.setUnconstrained(down);
      double fm = p.logPrior().scalar();
      assertEquals((fp - fm) / (2 * h), grad.data()[i], 1e-6 * Math.max(1, Math.abs(grad.data()[i])));
    }
  }

  @Test
  void noPriorMeansZeroLogPrior() {
    assertEquals(0.0, Parameter.positive(3.0).logPrior().scalar());
  }

  @Test
  void aBijectorWithoutLogJacobianCannotTakeAPrior() {
    Bijector plain = new Bijector() {
      @Override
      public Var forward(Var u) {
        return u;
      }

      @Override
      public Matrix inverse(Matrix x) {
        return x.copy();
      }

      @Override
      public String describe() {
        return "plain";
      }
    };
    Parameter p = new Parameter(Matrix.scalar(1.0), plain);
    String msg = assertThrows(UnsupportedOperationException.class, () -> p.setPrior(new NormalPrior(0, 1)))
        .getMessage();
    assertTrue(msg.contains("plain"), msg);
    assertEquals(null, p.prior());
  }
}
