package bms.dgp.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.random.RandomStream;
import bms.kernels.Matern12;
import bms.kernels.Matern32;
import bms.kernels.Matern52;
import bms.kernels.RationalQuadratic;
import bms.kernels.SquaredExponential;
import bms.kernels.Stationary;
import bms.dgp.testing.Dense;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Phi Phi^T converges to the kernel matrix. Each entry is a mean of F terms
 * (s_f^2)[cos(w^T (x - x')) + cos(w^T (x + x') + 2b)], of variance at most 1.5 s_f^4, so with
 * F = 20,000 its standard deviation is at most 0.0087 s_f^2; the test allows 6 of them.
 */
class RandomFourierFeaturesTest {
  static final int FEATURES = 20_000;

  static Stream<Long> seeds() {
    return RandomCases.seeds(12);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void featureInnerProductsApproachTheKernel(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3);
    double v = 0.5 + rc.rng().nextDouble();
    Matrix l = rc.uniform(1, d, 0.5, 2.0);
    Stationary k = switch ((int) (Math.abs(seed) % 4)) {
      case 0 -> new SquaredExponential(v, l);
      case 1 -> new Matern12(v, l);
      case 2 -> new Matern32(v, l);
      default -> new Matern52(v, l);
    };
    Matrix x = rc.uniform(5, d, -1.5, 1.5);
    Matrix phi = RandomFourierFeatures.of(k, d, FEATURES, new RandomStream(seed)).features(x);
    Matrix approx = Dense.mul(phi, Dense.t(phi));
    Matrix exact = k.K(Var.constant(x)).value();
    double tol = 6 * v * Math.sqrt(1.5 / FEATURES);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        assertEquals(exact.get(i, j), approx.get(i, j), tol, k.getClass().getSimpleName() + " entry " + i + "," + j);
      }
    }
  }

  @Test
  void unsupportedKernelsAndShapesAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> RandomFourierFeatures.of(new RationalQuadratic(1, 1, 1), 1, 10, new RandomStream(1)));
    assertThrows(IllegalArgumentException.class,
        () -> RandomFourierFeatures.of(new SquaredExponential(1, Matrix.row(1, 1)), 3, 10, new RandomStream(1)));
    RandomFourierFeatures f = RandomFourierFeatures.of(new SquaredExponential(1, 1), 2, 10, new RandomStream(1));
    assertThrows(IllegalArgumentException.class, () -> f.features(Matrix.ones(4, 3)));
  }
}
