package bms.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sum and Product equal the entry-wise sum and product of their parts, for K and Kdiag. */
class SumProductTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sumAndProductCombineTheirParts(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 4);
    Matrix x = rc.matrix(rc.dim(1, 6), d), x2 = rc.matrix(rc.dim(1, 6), d);
    List<Kernel> parts = List.of(new SquaredExponential(1 + rc.rng().nextDouble(), rc.positive(1, d, 0.5, 2)),
        new Linear(rc.positive(1, d, 0.2, 1)), new Periodic(1.0, 1.0, 2.0), new White(0.3));
    Sum sum = new Sum(parts);
    Product product = new Product(parts);
    Var xv = Var.constant(x), x2v = Var.constant(x2);
    Matrix s = new Matrix(x.rows(), x2.rows()), p = Matrix.filled(x.rows(), x2.rows(), 1.0);
    Matrix ss = new Matrix(x.rows(), x.rows()), ps = Matrix.filled(x.rows(), x.rows(), 1.0);
    Matrix sd = new Matrix(x.rows(), 1), pd = Matrix.filled(x.rows(), 1, 1.0);
    for (Kernel k : parts) {
      accumulate(s, p, k.K(xv, x2v).value());
      accumulate(ss, ps, k.K(xv).value());
      accumulate(sd, pd, k.Kdiag(xv).value());
    }
    assertTrue(sum.K(xv, x2v).value().maxAbsDiff(s) <= 1e-12, "Sum K(X, X2)");
    assertTrue(product.K(xv, x2v).value().maxAbsDiff(p) <= 1e-12, "Product K(X, X2)");
    assertTrue(sum.K(xv).value().maxAbsDiff(ss) <= 1e-12, "Sum K(X)");
    assertTrue(product.K(xv).value().maxAbsDiff(ps) <= 1e-12, "Product K(X)");
    assertTrue(sum.Kdiag(xv).value().maxAbsDiff(sd) <= 1e-12, "Sum Kdiag");
    assertTrue(product.Kdiag(xv).value().maxAbsDiff(pd) <= 1e-12, "Product Kdiag");
    // Every part's parameters are reachable by path.
    assertTrue(sum.parameters().containsKey("kernels[0].lengthscales"), sum.parameters().keySet().toString());
    assertTrue(product.parameters().containsKey("kernels[3].variance"), product.parameters().keySet().toString());
  }

  private static void accumulate(Matrix sum, Matrix prod, Matrix term) {
    for (int i = 0; i < sum.size(); i++) {
      sum.data()[i] += term.data()[i];
      prod.data()[i] *= term.data()[i];
    }
  }

  @Test
  void emptyCombinationsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Sum(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Product(List.of()));
  }
}
