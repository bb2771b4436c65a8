package bms.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LbfgsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(10);
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void minimisesTwoDimensionalRosenbrockFromRandomStarts(long seed) {
    Random r = new RandomCases(seed).rng();
    TestProblems.Point p = new TestProblems.Point(-2 + 4 * r.nextDouble(), -2 + 4 * r.nextDouble());
    LbfgsResult res = new Lbfgs().gradientTolerance(1e-8).relativeTolerance(0).minimise(TestProblems.rosenbrock(p), p);
    assertEquals(LbfgsResult.Reason.GRADIENT_NORM, res.reason(), res.toString());
    for (double v : p.x.value().data()) assertEquals(1.0, v, 1e-7, res.toString());
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void minimisesTenDimensionalRosenbrock(long seed) {
    // The classic start (-1.2, 1, -1.2, 1, ...), jittered per seed.
    Random r = new RandomCases(seed).rng();
    double[] start = new double[10];
    for (int i = 0; i < start.length; i++) start[i] = (i % 2 == 0 ? -1.2 : 1.0) + 0.05 * r.nextGaussian();
    TestProblems.Point p = new TestProblems.Point(start);
    LbfgsResult res = new Lbfgs().gradientTolerance(1e-8).relativeTolerance(0).minimise(TestProblems.rosenbrock(p), p);
    assertTrue(res.converged(), res.toString());
    for (double v : p.x.value().data()) assertEquals(1.0, v, 1e-7, res.toString());
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void resultDescribesTheFinalPoint(long seed) {
    Random r = new RandomCases(seed).rng();
    TestProblems.Point p = new TestProblems.Point(-1.5 + r.nextDouble(), 2 * r.nextDouble());
    Objective f = TestProblems.rosenbrock(p);
    LbfgsResult res = new Lbfgs().maxIterations(5).gradientTolerance(0).relativeTolerance(0).minimise(f, p);
    assertEquals(LbfgsResult.Reason.MAX_ITERATIONS, res.reason());
    assertEquals(5, res.iterations());
    assertTrue(res.evaluations() > res.iterations(), res.toString());
    ParameterVector pv = ParameterVector.trainable(p);
    double[] g = new double[pv.size()];
    // The parameters are left where the result says, not at a rejected line-search trial.
    assertEquals(res.value(), pv.valueAndGradient(f, g), 0.0);
    double gmax = 0;
    for (double v : g) gmax = Math.max(gmax, Math.abs(v));
    assertEquals(res.gradientNorm(), gmax, 0.0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void stepsBackFromWhereTheLossIsUndefined(long seed) {
    // f(x) = (x - 1)^2 - 0.01 log(1 + b - x) is NaN for x > 1 + b. From x0 in (b, 0.45) the slope
    // exceeds 1, so the first trial step has length 1 and lands beyond the barrier.
    Random r = new RandomCases(seed).rng();
    double b = 0.02 + 0.28 * r.nextDouble();
    double x0 = b + 0.01 + (0.44 - b) * r.nextDouble();
    TestProblems.Point p = new TestProblems.Point(x0);
    int[] nonFinite = {0};
    Objective f = () -> {
      Var x = p.x.var();
      Var loss = x.addScalar(-1).square().sum().sub(x.rsubScalar(1 + b).log().sum().mulScalar(0.01));
      if (!Double.isFinite(loss.scalar())) nonFinite[0]++;
      return loss;
    };
    LbfgsResult res = new Lbfgs().gradientTolerance(1e-8).minimise(f, p);
    assertTrue(nonFinite[0] > 0, "the line search never met the undefined region");
    assertTrue(res.converged(), res.toString());
    // The stationary point solves 2 (1 - x) (1 + b - x) = 0.01, the root below 1.
    double c = 1 + b;
    double root = ((1 + c) - Math.sqrt((1 + c) * (1 + c) - 4 * (c - 0.005))) / 2;
    assertEquals(root, p.x.scalar(), 1e-7, res.toString());
  }

  static final class Nested extends Module {
    final Inner layer;

    static final class Inner extends Module {
      final Parameter a;
      final Parameter b;

      Inner() {
        a = addParameter("a", Parameter.unconstrained(Matrix.row(1.0, 2.0)));
        b = addParameter("b", Parameter.unconstrained(Matrix.row(1.0, 0.0, 3.0)));
      }
    }

    Nested() {
      layer = addModule("layer", new Inner());
    }
  }

  @Test
  void nonFiniteStartNamesTheFirstParameterAtFault() {
    Nested m = new Nested();
    Objective f = () -> m.layer.a.var().square().sum().add(m.layer.b.var().sqrt().sum());
    NonFiniteObjectiveException e = assertThrows(NonFiniteObjectiveException.class, () -> new Lbfgs().minimise(f, m));
    assertEquals("layer.b", e.path());
    assertTrue(e.getMessage().contains("layer.b (0, 1)") && e.getMessage().contains("starting point"),
        e.getMessage());
    Objective nanLoss = () -> Var.constant(Double.NaN).add(m.layer.a.var().sum());
    NonFiniteObjectiveException e2 = assertThrows(NonFiniteObjectiveException.class,
        () -> new Lbfgs().minimise(nanLoss, m));
    assertEquals(null, e2.path());
    assertTrue(e2.getMessage().contains("NaN"), e2.getMessage());
  }

  @Test
  void alreadyOptimalStartStopsAtOnce() {
    TestProblems.Point p = new TestProblems.Point(1.0, 1.0);
    LbfgsResult res = new Lbfgs().minimise(TestProblems.rosenbrock(p), p);
    assertEquals(0, res.iterations());
    assertEquals(LbfgsResult.Reason.GRADIENT_NORM, res.reason());
    assertEquals(0.0, res.value());
  }

  /** A smooth, nonconvex-along-the-line test function: sum a x^4 + c x^2 + d x with a > 0. */
  @ParameterizedTest
  @MethodSource("seeds")
  void lineSearchReturnsAStrongWolfePoint(long seed) {
    RandomCases rc = new RandomCases(seed);
    Random r = rc.rng();
    int n = rc.dim(1, 6);
    double[] a = new double[n];
    double[] c = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 0.1 + r.nextDouble();
      c[i] = 2 * r.nextGaussian();
      d[i] = r.nextGaussian();
    }
    StrongWolfeLineSearch.Fn fn = (x, g) -> {
      double f = 0;
      for (int i = 0; i < n; i++) {
        f += a[i] * Math.pow(x[i], 4) + c[i] * x[i] * x[i] + d[i] * x[i];
        g[i] = 4 * a[i] * Math.pow(x[i], 3) + 2 * c[i] * x[i] + d[i];
      }
      return f;
    };
    double[] x0 = rc.matrix(1, n).data();
    double[] g0 = new double[n];
    double f0 = fn.evaluate(x0, g0);
    double[] dir = new double[n];
    for (int i = 0; i < n; i++) dir[i] = -g0[i];
    double alpha0 = Math.pow(10, -3 + 6 * r.nextDouble());
    double c1 = 1e-4;
    double c2 = 0.9;
    StrongWolfeLineSearch.Result res = new StrongWolfeLineSearch(c1, c2, 40).search(fn, x0, f0, g0, dir, alpha0);
    assertNotNull(res.point());
    assertTrue(res.wolfe());
    double dg0 = StrongWolfeLineSearch.dot(g0, dir);
    StrongWolfeLineSearch.Point pt = res.point();
    assertTrue(pt.f() <= f0 + c1 * pt.alpha() * dg0, "sufficient decrease");
    assertTrue(Math.abs(StrongWolfeLineSearch.dot(pt.g(), dir)) <= c2 * Math.abs(dg0), "curvature");
    double[] g = new double[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = x0[i] + pt.alpha() * dir[i];
    assertEquals(fn.evaluate(x, g), pt.f(), 1e-12 * Math.max(1, Math.abs(pt.f())));
  }
}
