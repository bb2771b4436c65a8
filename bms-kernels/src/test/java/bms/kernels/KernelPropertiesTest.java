package bms.kernels;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.testing.KernelCases;
import bms.kernels.testing.KernelCases.KernelCase;
import bms.kernels.testing.KernelProperties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The properties every kernel family must have, over many seeded random instances and inputs. */
class KernelPropertiesTest {
  static Stream<Arguments> cases() {
    return KernelCases.arguments(50);
  }

  static Stream<Arguments> stationaryCases() {
    return KernelCases.stationaryArguments(50);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void kernelMatrixIsSymmetric(String family, long seed) {
    KernelCase c = KernelCases.make(family, seed);
    KernelProperties.assertSymmetric(c.kernel(), c.x(), 1e-12);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void kernelMatrixIsPositiveSemiDefinite(String family, long seed) {
    KernelCase c = KernelCases.make(family, seed);
    KernelProperties.assertPositiveSemiDefinite(c.kernel(), c.x());
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void diagonalOfKEqualsKdiag(String family, long seed) {
    KernelCase c = KernelCases.make(family, seed);
    KernelProperties.assertDiagMatchesKdiag(c.kernel(), c.x(), 1e-12);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("stationaryCases")
  void stationaryKernelsIgnoreACommonShift(String family, long seed) {
    KernelCase c = KernelCases.make(family, seed);
    Matrix shift = new RandomCases(seed + 1).uniform(1, c.x().cols(), -3, 3);
    KernelProperties.assertStationary(c.kernel(), c.x(), c.x2(), shift, 1e-10);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void inputGradientsMatchFiniteDifferences(String family, long seed) {
    KernelCase c = KernelCases.make(family, seed);
    KernelProperties.assertInputGradients(c.kernel(), c.x(), c.x2(), seed, 1e-6);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void hyperparameterGradientsMatchFiniteDifferences(String family, long seed) {
    KernelCase c = KernelCases.make(family, seed);
    KernelProperties.assertHyperparameterGradients(c.kernel(), c.x(), c.x2(), seed, 1e-6);
  }
}
