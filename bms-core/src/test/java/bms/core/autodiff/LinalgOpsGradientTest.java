package bms.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LinalgOpsGradientTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static final JitterPolicy NO_JITTER = JitterPolicy.NONE_FIRST;

  @ParameterizedTest
  @MethodSource("seeds")
  void choleskyGradientMatchesFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 12);
    // Symmetrise inside the function so that any perturbation of A is a valid one.
    GradCheck.withSeed(seed).check(v -> v.get(0).add(v.get(0).t()).mulScalar(0.5).cholesky(NO_JITTER, "A"),
        rc.spd(n));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void choleskyReconstructsItsInput(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.spd(rc.dim(1, 30));
    Var l = Var.constant(a).cholesky(NO_JITTER, "A");
    Matrix back = l.matmult(l).value();
    assertTrue(back.maxAbsDiff(a) < 1e-12 * Math.max(1, a.maxAbs()), "L L^T != A");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void triangularSolveGradients(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 10);
    int m = rc.dim(1, 6);
    boolean lower = rc.rng().nextBoolean();
    boolean trans = rc.rng().nextBoolean();
    Matrix t = lower ? rc.lowerTriangular(n) : rc.upperTriangular(n);
    GradCheck.withSeed(seed).check(v -> v.get(0).solveTriangular(v.get(1), lower, trans), t, rc.matrix(n, m));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logDetGradient(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 10);
    GradCheck.withSeed(seed).check(v -> v.get(0).add(v.get(0).t()).mulScalar(0.5).cholesky(NO_JITTER, "A")
        .logDetFromCholesky(), rc.spd(n));
  }
}
