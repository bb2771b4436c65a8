package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * From {@link OffHeapBuffers#TRIANGLE_ROWS_MIN} on, OpenBLAS potrf and trsm copy only the used
 * triangle into a reused buffer. The other triangle of that buffer then holds whatever the
 * last call left: here it is poisoned with NaN, and the input's unused triangle too, and the
 * results must still match the reference.
 */
class LargeTriangleCopyTest {
  private static final int N = OffHeapBuffers.TRIANGLE_ROWS_MIN + 6;

  @BeforeAll
  static void nativeCodeLoads() {
    assumeTrue(new OpenBlasProvider().create().isPresent(), "OpenBLAS native library does not load here");
  }

  static Stream<Long> seeds() {
    return RandomCases.seeds(2);
  }

  private static void poisonBuffers() {
    OffHeapBuffers buf = OffHeapBuffers.local();
    for (int s = 0; s < OffHeapBuffers.SLOTS; s++) {
      buf.get(s, (long) N * N).fill(0xFF); // all bits set: NaN
    }
  }

  private static void nanTriangle(Matrix m, boolean upper) {
    int n = m.rows();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (upper ? j > i : j < i) m.set(i, j, Double.NaN);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void potrfReadsOnlyTheLowerTriangle(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix a = rc.spd(N);
    Matrix ref = ReferenceLinalg.cholesky(a);
    Matrix l = a.copy();
    nanTriangle(l, true);
    poisonBuffers();
    assertTrue(TestBackends.get("openblas").potrf(l), "rejected an SPD matrix");
    double err = ReferenceLinalg.relErr(l, ref);
    assertTrue(err < 1e-10, "relative error " + err);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void trsmReadsOnlyTheNamedTriangle(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix l = ReferenceLinalg.cholesky(rc.spd(N));
    boolean lower = rc.rng().nextBoolean();
    boolean trans = rc.rng().nextBoolean();
    boolean left = rc.rng().nextBoolean();
    Matrix t = lower ? l : l.transpose();
    int r = rc.dim(1, 4);
    Matrix b = left ? rc.matrix(N, r) : rc.matrix(r, N);
    Matrix ref = ReferenceLinalg.trsm(left, lower, trans, 1.0, t, b);
    Matrix tIn = t.copy();
    nanTriangle(tIn, lower);
    poisonBuffers();
    Matrix x = b.copy();
    TestBackends.get("openblas").trsm(left, lower, trans, 1.0, tIn, x);
    double err = ReferenceLinalg.relErr(x, ref);
    assertTrue(err < 1e-10, "relative error " + err + " (left=" + left + " lower=" + lower + " trans=" + trans + ")");
  }
}
