package bms.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.kernels.testing.KernelProperties;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * At r = 0 the derivative of r is undefined: gradients through Matern kernels must stay finite
 * when inputs coincide, both in the symmetric call and when X2 repeats rows of X.
 */
class MaternAtCoincidentPointsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsAreFiniteAtCoincidentPoints(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 4), n = rc.dim(2, 6);
    Matrix x = rc.matrix(n, d);
    // X2 repeats some rows of X exactly, and X itself holds a duplicated row.
    Matrix x2 = Var.constant(x).gatherRows(rc.indices(rc.dim(1, 5), n)).value();
    System.arraycopy(x.data(), 0, x.data(), (n - 1) * d, d);
    for (Stationary k : List.of(new Matern12(1.3, rc.positive(1, d, 0.5, 2)),
        new Matern32(1.3, rc.positive(1, d, 0.5, 2)), new Matern52(1.3, rc.positive(1, d, 0.5, 2)))) {
      Var xv = Var.variable(x);
      Var x2v = Var.variable(x2);
      Var obj = k.K(xv, x2v).sum().add(k.K(xv).sum()).add(k.Kdiag(xv).sum());
      Gradients g = Gradients.of(obj);
      String name = k.getClass().getSimpleName();
      KernelProperties.assertFinite(name + " value", obj.value());
      KernelProperties.assertFinite(name + " dX", g.get(xv));
      KernelProperties.assertFinite(name + " dX2", g.get(x2v));
      for (Parameter p : k.parameters().values()) KernelProperties.assertFinite(name + " d(hyper)", g.get(p.leaf()));
      // r = 0 exactly on the diagonal of the symmetric call: the value is exactly the variance.
      Matrix kx = k.K(Var.constant(x)).value();
      for (int i = 0; i < n; i++) assertEquals(k.variance().scalar(), kx.get(i, i), 0.0, name);
    }
  }
}
