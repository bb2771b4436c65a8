package bms.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.kernels.testing.ParameterGradCheck;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's gradients, with respect to its inputs and to each of its parameters, match
 * central finite differences over seeded random shapes. Inputs stay at least 0.05 from zero so
 * that ReLU's kink is never straddled by a difference step.
 */
class LayerGradientTest {
  static Stream<Arguments> cases() {
    return LayerCases.arguments(12);
  }

  private static Matrix inputs(LayerCases.LayerCase c, long seed) {
    RandomCases r = new RandomCases(seed + 99);
    return r.awayFromZero(r.dim(1, 4), c.inputSize(), 0.05, 1.5);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void outputShapeIsTheDeclaredOutputSize(String kind, long seed) {
    LayerCases.LayerCase c = LayerCases.make(kind, seed);
    Matrix x = inputs(c, seed);
    Var y = c.layer().forward(Var.constant(x));
    assertEquals(x.rows(), y.rows(), kind + ": one output row per input row");
    assertEquals(c.layer().outputSize(c.inputSize()), y.cols(), kind + ": output columns");
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void inputGradientsMatchFiniteDifferences(String kind, long seed) {
    LayerCases.LayerCase c = LayerCases.make(kind, seed);
    GradCheck.withSeed(seed).tolerance(1e-6).check(v -> c.layer().forward(v.get(0)), inputs(c, seed));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void parameterGradientsMatchFiniteDifferences(String kind, long seed) {
    LayerCases.LayerCase c = LayerCases.make(kind, seed);
    Matrix x = inputs(c, seed);
    // Non-zero biases, so that their gradient is checked away from the initial value too.
    for (var p : c.layer().trainableParameters().values()) {
      Matrix u = p.unconstrained();
      Matrix shift = Matrix.randn(u.rows(), u.cols(), new Random(seed));
      for (int i = 0; i < u.size(); i++) u.data()[i] += 0.1 * shift.data()[i];
      p.setUnconstrained(u);
    }
    Matrix w = Matrix.randn(x.rows(), c.layer().outputSize(c.inputSize()), new Random(seed + 1));
    ParameterGradCheck.assertGradients(c.layer(),
        () -> c.layer().forward(Var.constant(x)).mul(Var.constant(w)).sum(), 1e-6);
  }
}
