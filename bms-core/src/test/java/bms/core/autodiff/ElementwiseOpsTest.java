package bms.core.autodiff;

import static bms.core.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Element-wise functions: values against java.lang.Math in plain loops, and gradients. */
class ElementwiseOpsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** An op, its direct definition, and where to sample its inputs (where it is smooth). */
  private record Fn(UnaryOperator<Var> op, DoubleUnaryOperator direct, BiFunction<RandomCases, int[], Matrix> domain) {}

  private static final Map<String, Fn> FUNCTIONS = new LinkedHashMap<>();

  static {
    FUNCTIONS.put("exp", new Fn(Var::exp, Math::exp, (rc, s) -> rc.uniform(s[0], s[1], -3, 3)));
    FUNCTIONS.put("log", new Fn(Var::log, Math::log, (rc, s) -> rc.positive(s[0], s[1], 0.2, 5)));
    FUNCTIONS.put("log1p", new Fn(Var::log1p, x -> Math.log(1 + x), (rc, s) -> rc.uniform(s[0], s[1], -0.8, 5)));
    FUNCTIONS.put("sqrt", new Fn(Var::sqrt, Math::sqrt, (rc, s) -> rc.positive(s[0], s[1], 0.2, 5)));
    FUNCTIONS.put("square", new Fn(Var::square, x -> x * x, (rc, s) -> rc.matrix(s[0], s[1])));
    FUNCTIONS.put("reciprocal", new Fn(Var::reciprocal, x -> 1 / x,
        (rc, s) -> rc.awayFromZero(s[0], s[1], 0.5, 2.0)));
    FUNCTIONS.put("softplus", new Fn(Var::softplus, x -> Math.log(1 + Math.exp(x)),
        (rc, s) -> rc.uniform(s[0], s[1], -8, 8)));
    FUNCTIONS.put("sigmoid", new Fn(Var::sigmoid, x -> 1 / (1 + Math.exp(-x)), (rc, s) -> rc.uniform(s[0], s[1], -8, 8)));
    FUNCTIONS.put("tanh", new Fn(Var::tanh, x -> (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1),
        (rc, s) -> rc.uniform(s[0], s[1], -3, 3)));
    // |x| is smooth away from 0.
    FUNCTIONS.put("abs", new Fn(Var::abs, x -> x < 0 ? -x : x, (rc, s) -> rc.awayFromZero(s[0], s[1], 0.5, 2.0)));
    FUNCTIONS.put("sin", new Fn(Var::sin, Math::sin, (rc, s) -> rc.uniform(s[0], s[1], -4, 4)));
    FUNCTIONS.put("cos", new Fn(Var::cos, Math::cos, (rc, s) -> rc.uniform(s[0], s[1], -4, 4)));
    FUNCTIONS.put("neg", new Fn(Var::neg, x -> -x, (rc, s) -> rc.matrix(s[0], s[1])));
  }

  static Stream<Arguments> functionCases() {
    return FUNCTIONS.keySet().stream().flatMap(name -> RandomCases.seeds(50).map(seed -> Arguments.of(name, seed)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("functionCases")
  void valueMatchesDirectDefinition(String name, long seed) {
    Fn fn = FUNCTIONS.get(name);
    RandomCases rc = new RandomCases(seed);
    Matrix x = fn.domain.apply(rc, new int[] {rc.dim(1, 9), rc.dim(1, 9)});
    Matrix expected = new Matrix(x.rows(), x.cols());
    for (int i = 0; i < x.size(); i++) expected.data()[i] = fn.direct.applyAsDouble(x.data()[i]);
    assertClose(expected, fn.op.apply(Var.constant(x)).value(), 1e-13, name);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("functionCases")
  void gradientMatchesFiniteDifferences(String name, long seed) {
    Fn fn = FUNCTIONS.get(name);
    RandomCases rc = new RandomCases(seed);
    Matrix x = fn.domain.apply(rc, new int[] {rc.dim(1, 9), rc.dim(1, 9)});
    GradCheck.withSeed(seed).check(v -> fn.op.apply(v.get(0)), x);
  }

  private static final double[] EXPONENTS = {-2.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3};

  @ParameterizedTest
  @MethodSource("seeds")
  void powOnPositiveBase(long seed) {
    RandomCases rc = new RandomCases(seed);
    double p = EXPONENTS[rc.rng().nextInt(EXPONENTS.length)];
    Matrix x = rc.positive(rc.dim(1, 8), rc.dim(1, 8), 0.3, 3);
    Matrix expected = new Matrix(x.rows(), x.cols());
    for (int i = 0; i < x.size(); i++) expected.data()[i] = Math.exp(p * Math.log(x.data()[i]));
    assertClose(expected, Var.constant(x).pow(p).value(), 1e-13, "pow " + p);
    GradCheck.withSeed(seed).check(v -> v.get(0).pow(p), x);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void powWithIntegerExponentOnAnySign(long seed) {
    RandomCases rc = new RandomCases(seed);
    int p = rc.dim(1, 4);
    Matrix x = rc.matrix(rc.dim(1, 8), rc.dim(1, 8));
    Matrix expected = new Matrix(x.rows(), x.cols());
    for (int i = 0; i < x.size(); i++) {
      double v = 1;
      for (int k = 0; k < p; k++) v *= x.data()[i];
      expected.data()[i] = v;
    }
    assertClose(expected, Var.constant(x).pow(p).value(), 1e-13, "pow " + p);
    GradCheck.withSeed(seed).check(v -> v.get(0).pow(p), x);
  }

  @ParameterizedTest
  @ValueSource(doubles = {30, 50, 100, 700, 710, 1000, 1e6, 1e300})
  void softplusAndSigmoidStayFiniteAtLargeMagnitude(double big) {
    Var x = Var.variable(Matrix.row(big, -big));
    Var sp = x.softplus();
    // log(1 + e^x) = x + log(1 + e^-x) = x + e^-x + O(e^-2x) for large x; e^-x + O(e^-2x) at -x.
    double tail = Math.exp(-big);
    assertEquals(big + tail, sp.value().data()[0], 1e-15 * big, "softplus(" + big + ")");
    assertEquals(tail, sp.value().data()[1], 1e-12 * tail, "softplus(-" + big + ")");
    Matrix g = Gradients.of(sp.sum()).get(x);
    // d softplus / dx = sigmoid(x).
    assertEquals(1.0, g.data()[0], 1e-12);
    assertEquals(tail, g.data()[1], 1e-12 * tail + Double.MIN_VALUE);
    Var s = x.sigmoid();
    assertEquals(1.0, s.value().data()[0], 1e-12);
    assertEquals(tail, s.value().data()[1], 1e-12 * tail + Double.MIN_VALUE);
    Matrix gs = Gradients.of(s.sum()).get(x);
    for (double v : gs.data()) assertTrue(Double.isFinite(v) && v >= 0 && v <= 1e-12, "sigmoid gradient " + v);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void softplusGradientAtLargeMagnitude(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix x = rc.uniform(rc.dim(1, 5), rc.dim(1, 5), 20, 60);
    for (int i = 0; i < x.size(); i++) if (rc.rng().nextBoolean()) x.data()[i] = -x.data()[i];
    GradCheck.withSeed(seed).check(v -> v.get(0).softplus(), x);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void absGradientIsTheSign(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix x = rc.matrix(rc.dim(1, 6), rc.dim(1, 6));
    x.data()[0] = 0.0; // the documented subgradient at 0 is 0
    Var v = Var.variable(x);
    Matrix g = Gradients.of(v.abs().sum()).get(v);
    for (int i = 0; i < x.size(); i++) {
      double xi = x.data()[i];
      assertEquals(xi > 0 ? 1.0 : xi < 0 ? -1.0 : 0.0, g.data()[i], 0.0, "d|x|/dx at " + xi);
    }
  }
}
