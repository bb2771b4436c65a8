package bms.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdamTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(10);
  }

  /** A fresh GP model with a fixed start, and its objective on seeded data. */
  private static TestProblems.Gp gp() {
    return new TestProblems.Gp(1.0, 0.7, 0.2);
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void exportedStateContinuesBitForBit(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix[] data = TestProblems.gpData(seed, rc.dim(5, 15));
    int n = rc.dim(1, 20);
    double lr = 0.01 + 0.1 * rc.rng().nextDouble();

    TestProblems.Gp straight = gp();
    Adam a = new Adam(straight).learningRate(lr);
    a.run(TestProblems.gpNegLogMarginal(straight, data[0], data[1]), 2 * n);

    TestProblems.Gp first = gp();
    Adam b = new Adam(first).learningRate(lr);
    b.run(TestProblems.gpNegLogMarginal(first, data[0], data[1]), n);
    AdamState saved = b.exportState();
    double[] values = ParameterVector.trainable(first).values();

    TestProblems.Gp resumed = gp();
    ParameterVector.trainable(resumed).setValues(values);
    Adam c = new Adam(resumed).learningRate(lr);
    c.restoreState(saved);
    c.run(TestProblems.gpNegLogMarginal(resumed, data[0], data[1]), n);

    assertArrayEquals(ParameterVector.trainable(straight).values(), ParameterVector.trainable(resumed).values());
    AdamState sa = a.exportState();
    AdamState sc = c.exportState();
    assertEquals(2L * n, sc.step());
    assertEquals(sa.step(), sc.step());
    for (String path : sa.firstMoments().keySet()) {
      assertArrayEquals(sa.firstMoments().get(path), sc.firstMoments().get(path), path);
      assertArrayEquals(sa.secondMoments().get(path), sc.secondMoments().get(path), path);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void firstStepMovesEachEntryByTheLearningRate(long seed) {
    // With zero moments, m-hat = g and v-hat = g^2, so step 1 is u - lr * g / (|g| + eps).
    RandomCases rc = new RandomCases(seed);
    Matrix target = rc.matrix(rc.dim(1, 3), rc.dim(1, 3));
    TestProblems.Point p = new TestProblems.Point(rc.matrix(1, target.size()).data());
    double lr = 0.001 + rc.rng().nextDouble();
    Objective f = () -> p.x.var().sub(Var.constant(target.reshape(1, target.size()))).square().sum().mulScalar(0.5);
    double[] u0 = p.x.unconstrained().data();
    new Adam(p).learningRate(lr).step(f);
    double[] u1 = p.x.unconstrained().data();
    for (int i = 0; i < u0.length; i++) {
      double g = u0[i] - target.data()[i];
      assertEquals(u0[i] - lr * g / (Math.abs(g) + 1e-8), u1[i], 1e-14 * Math.max(1, Math.abs(u1[i])));
    }
  }

  @Test
  void minimisesTwoDimensionalRosenbrock() {
    TestProblems.Point p = new TestProblems.Point(-1.2, 1.0);
    Adam adam = new Adam(p).schedule(LearningRateSchedule.exponentialDecay(0.02, 0.5, 2000));
    adam.run(TestProblems.rosenbrock(p), 20000);
    for (double v : p.x.value().data()) assertEquals(1.0, v, 1e-6);
    assertEquals(20000, adam.stepCount());
  }

  @Test
  void minimisesTenDimensionalRosenbrock() {
    double[] start = new double[10];
    for (int i = 0; i < start.length; i++) start[i] = i % 2 == 0 ? -1.2 : 1.0;
    TestProblems.Point p = new TestProblems.Point(start);
    new Adam(p).schedule(LearningRateSchedule.exponentialDecay(0.02, 0.5, 2000)).run(TestProblems.rosenbrock(p),
        20000);
    for (double v : p.x.value().data()) assertEquals(1.0, v, 1e-6);
  }

  @Test
  void restoringAMismatchedStateIsRejected() {
    TestProblems.Gp model = gp();
    Adam adam = new Adam(model);
    AdamState wrongPaths = new AdamState(3, Map.of("variance", new double[1]), Map.of("variance", new double[1]));
    String msg = assertThrows(IllegalArgumentException.class, () -> adam.restoreState(wrongPaths)).getMessage();
    assertTrue(msg.contains("lengthscale"), msg);
    Map<String, double[]> sizes = new java.util.LinkedHashMap<>();
    sizes.put("variance", new double[1]);
    sizes.put("lengthscale", new double[2]);
    sizes.put("noise", new double[1]);
    String msg2 = assertThrows(IllegalArgumentException.class,
        () -> adam.restoreState(new AdamState(1, sizes, sizes))).getMessage();
    assertTrue(msg2.contains("'lengthscale'") && msg2.contains("2"), msg2);
    assertThrows(IllegalArgumentException.class,
        () -> new AdamState(1, Map.of("a", new double[1]), Map.of("b", new double[1])));
    assertThrows(IllegalArgumentException.class,
        () -> new AdamState(-1, Map.of("a", new double[1]), Map.of("a", new double[1])));
  }

  @Test
  void exportedStateIsACopy() {
    TestProblems.Point p = new TestProblems.Point(0.5, 0.5);
    Adam adam = new Adam(p).learningRate(0.1);
    adam.run(TestProblems.rosenbrock(p), 3);
    double[] in = {7.0, 7.0};
    AdamState s = new AdamState(3, Map.of("x", in), Map.of("x", in));
    in[0] = -1;
    assertEquals(7.0, s.firstMoments().get("x")[0]);
    AdamState exported = adam.exportState();
    adam.run(TestProblems.rosenbrock(p), 1);
    assertEquals(3, exported.step());
  }

  static final class TwoPart extends Module {
    final Parameter a;
    final Parameter b;

    TwoPart() {
      a = addParameter("a", Parameter.unconstrained(Matrix.scalar(1.0)));
      b = addParameter("b", Parameter.unconstrained(Matrix.row(1.0, 0.0)));
    }
  }

  @Test
  void nonFiniteGradientStopsWithThePathAndLeavesValuesAlone() {
    TwoPart m = new TwoPart();
    Adam adam = new Adam(m).learningRate(0.1);
    // sqrt at 0 has an infinite derivative: entry (0, 1) of b.
    Objective f = () -> m.a.var().square().sum().add(m.b.var().sqrt().sum());
    NonFiniteObjectiveException e = assertThrows(NonFiniteObjectiveException.class, () -> adam.step(f));
    assertEquals("b", e.path());
    assertTrue(e.getMessage().contains("b (0, 1)") && e.getMessage().contains("Adam step 1"), e.getMessage());
    assertEquals(0, adam.stepCount());
    assertEquals(1.0, m.a.scalar());
  }

  @Test
  void scheduleSetsEachStepsRate() {
    LearningRateSchedule s = LearningRateSchedule.exponentialDecay(0.1, 0.5, 10);
    assertEquals(0.1, s.rate(1), 1e-15);
    assertEquals(0.05, s.rate(11), 1e-15);
    assertEquals(0.025, s.rate(21), 1e-15);
    // Adam with a one-step schedule moves exactly as Adam with that constant rate.
    TestProblems.Point p = new TestProblems.Point(0.3, -0.2);
    TestProblems.Point q = new TestProblems.Point(0.3, -0.2);
    new Adam(p).schedule(step -> step == 1 ? 0.04 : 1.0).step(TestProblems.rosenbrock(p));
    new Adam(q).learningRate(0.04).step(TestProblems.rosenbrock(q));
    assertArrayEquals(q.x.unconstrained().data(), p.x.unconstrained().data());
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponentialDecay(0.1, 1.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new Adam(p).learningRate(-1));
    assertThrows(IllegalArgumentException.class, () -> new Adam(p).betas(1.0, 0.9));
  }
}
