package bms.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The recomputed block map gives the same values and gradients as the plain graph. */
class RowBlocksTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void valuesAndGradientsEqualThePlainGraph(long seed) {
    RandomCases rc = new RandomCases(seed);
    int rows = rc.dim(1, 9), d = rc.dim(1, 4), m = rc.dim(1, 5), block = rc.dim(1, 4);
    Matern52 k = new Matern52(0.5 + rc.rng().nextDouble(), rc.positive(1, d, 0.5, 2));
    Matrix xm = rc.matrix(rows, d), zm = rc.matrix(m, d), w = rc.matrix(rows, m);

    Var x1 = Var.variable(xm), z1 = Var.variable(zm);
    Var plain = k.K(x1, z1).exp();
    Gradients g1 = Gradients.of(plain.mul(Var.constant(w)).sum());
    Matrix gl1 = g1.get(k.lengthscales().leaf());
    Matrix gv1 = g1.get(k.variance().leaf());

    Var x2 = Var.variable(xm), z2 = Var.variable(zm);
    List<Parameter> params = List.copyOf(k.parameters().values());
    Var blocked = RowBlocks.map("test", x2, block, List.of(z2), params, (b, shared) -> k.K(b, shared.get(0)).exp());
    Gradients g2 = Gradients.of(blocked.mul(Var.constant(w)).sum());

    assertTrue(plain.value().maxAbsDiff(blocked.value()) <= 1e-14, "values");
    assertTrue(g1.get(x1).maxAbsDiff(g2.get(x2)) <= 1e-12, "dX");
    assertTrue(g1.get(z1).maxAbsDiff(g2.get(z2)) <= 1e-12, "dZ (shared)");
    assertTrue(gl1.maxAbsDiff(g2.get(k.lengthscales().leaf())) <= 1e-12, "d lengthscales (read through the parameter)");
    assertTrue(gv1.maxAbsDiff(g2.get(k.variance().leaf())) <= 1e-12, "d variance");
  }

  @Test
  void blockSizeMustBePositive() {
    Var x = Var.constant(new Matrix(2, 2));
    assertThrows(IllegalArgumentException.class, () -> RowBlocks.map("t", x, 0, List.of(), List.of(), (b, s) -> b));
  }
}
