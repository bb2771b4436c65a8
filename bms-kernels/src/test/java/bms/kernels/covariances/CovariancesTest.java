package bms.kernels.covariances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.Kernel;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.inducing.InducingVariables;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The (feature, kernel) registry: lookup by the most specific pair, and plain inducing points. */
class CovariancesTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void inducingPointsUseKernelEvaluations(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 4);
    Matrix z = rc.matrix(rc.dim(1, 6), d), x = rc.matrix(rc.dim(1, 6), d);
    Kernel k = new Matern52(1 + rc.rng().nextDouble(), rc.positive(1, d, 0.5, 2));
    InducingPoints iv = new InducingPoints(z);
    assertEquals(0.0, Covariances.Kuu(iv, k).value().maxAbsDiff(k.K(Var.constant(z)).value()), 0.0);
    assertEquals(0.0, Covariances.Kuf(iv, k, Var.constant(x)).value()
        .maxAbsDiff(k.K(Var.constant(z), Var.constant(x)).value()), 0.0);
  }

  /** A feature type that another module might add, with its own pairs. */
  static final class Tagged extends InducingPoints {
    Tagged(Matrix z) {
      super(z);
    }
  }

  static final class Untyped implements InducingVariables {
    @Override
    public int size() {
      return 1;
    }
  }

  @Test
  void theMostSpecificRegisteredPairWins() {
    Matrix z = Matrix.of(new double[][] {{0.0}, {1.0}});
    // Registered for the base Kernel class and for SquaredExponential: the latter is more specific.
    Covariances.register(Tagged.class, Kernel.class, (iv, k) -> Var.constant(Matrix.filled(2, 2, 1.0)),
        (iv, k, x) -> Var.constant(Matrix.filled(2, x.rows(), 1.0)));
    Covariances.register(Tagged.class, SquaredExponential.class, (iv, k) -> Var.constant(Matrix.filled(2, 2, 2.0)),
        (iv, k, x) -> Var.constant(Matrix.filled(2, x.rows(), 2.0)));
    Tagged iv = new Tagged(z);
    assertEquals(2.0, Covariances.Kuu(iv, new SquaredExponential(1, 1)).value().get(0, 0));
    assertEquals(1.0, Covariances.Kuu(iv, new Matern52(1, 1)).value().get(0, 0));
    assertEquals(2.0, Covariances.Kuf(iv, new SquaredExponential(1, 1), Var.constant(new Matrix(3, 1))).value()
        .get(1, 2));
  }

  @Test
  void anUnregisteredPairIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Covariances.Kuu(new Untyped(), new SquaredExponential(1, 1)));
    assertTrue(e.getMessage().contains("Untyped") && e.getMessage().contains("SquaredExponential"), e.getMessage());
  }
}
