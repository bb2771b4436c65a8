package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Jitter in absolute units (GPflow, GPyTorch) against jitter relative to the mean diagonal (bms). */
class AbsoluteJitterTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void absoluteJitterIgnoresTheScaleOfTheMatrixAndRelativeJitterFollowsIt(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 8);
    double scale = Math.pow(10, -3 + 6 * rc.rng().nextDouble());
    Matrix a = rc.spd(n);
    for (int i = 0; i < a.size(); i++) a.data()[i] *= scale;
    double meanDiag = 0;
    for (int i = 0; i < n; i++) meanDiag += a.get(i, i) / n;
    double amount = 1e-6 * (1 + rc.rng().nextInt(100));
    Cholesky.Result abs = Cholesky.factor(a, "A", JitterPolicy.absolute(amount, 0), Backends.current());
    assertEquals(amount, abs.jitter(), 0.0);
    Cholesky.Result rel = Cholesky.factor(a, "A", new JitterPolicy(amount, 1e-6, 10, 0), Backends.current());
    assertEquals(amount * meanDiag, rel.jitter(), 1e-15 * amount * meanDiag);
    // The factor is that of A + jitter I.
    Matrix l = abs.factor();
    Matrix llt = new Matrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k <= Math.min(i, j); k++) s += l.get(i, k) * l.get(j, k);
        llt.set(i, j, s);
      }
    }
    for (int i = 0; i < n; i++) a.set(i, i, a.get(i, i) + amount);
    assertEquals(0, llt.maxAbsDiff(a), 1e-12 * scale);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void absoluteRetriesStartAtTheGivenAmount(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 6);
    Matrix a = Matrix.filled(n, n, 5.0); // rank one: needs jitter
    Cholesky.Result r = Cholesky.factor(a, "A", JitterPolicy.absoluteAfterFailure(1e-4, 3), Backends.current());
    assertEquals(1e-4, r.jitter(), 1e-20, "first retry adds exactly the amount");
    assertThrows(IllegalArgumentException.class, () -> JitterPolicy.absolute(0.0, 1));
  }
}
