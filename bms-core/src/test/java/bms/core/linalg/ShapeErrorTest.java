package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mismatched shapes are rejected by every backend with a message naming the shapes. */
class ShapeErrorTest {
  static Stream<Arguments> cases() {
    return TestBackends.cross(RandomCases.seeds(50));
  }

  private static void assertMentions(IllegalArgumentException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void gemmRejectsMismatchedShapes(String key, long seed) {
    LinalgBackend be = TestBackends.get(key);
    RandomCases rc = new RandomCases(seed);
    int m = rc.dim(1, 9), k = rc.dim(1, 9), n = rc.dim(1, 9);
    int k2 = k + rc.dim(1, 3);
    Matrix a = new Matrix(m, k), b = new Matrix(k2, n), c = new Matrix(m, n);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b, 0, c)),
        "gemm", "inner", a.shapeString(), b.shapeString());
    Matrix b2 = new Matrix(k, n);
    Matrix wrong = new Matrix(m + 1, n);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b2, 0, wrong)),
        "gemm", m + "x" + n, wrong.shapeString());
    Matrix sq = new Matrix(m, m);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, sq, sq, 0, sq)),
        "gemm", "storage");
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void syrkPotrfAndTrsmRejectMismatchedShapes(String key, long seed) {
    LinalgBackend be = TestBackends.get(key);
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 9), k = rc.dim(1, 9);
    Matrix a = new Matrix(n, k);
    Matrix c = new Matrix(n + 1, n + 1);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.syrk(false, 1, a, 0, c)),
        "syrk", n + "x" + n, c.shapeString());
    Matrix rect = new Matrix(n, n + rc.dim(1, 3));
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.potrf(rect)), "potrf", "square", rect.shapeString());
    Matrix t = Matrix.identity(n);
    Matrix bl = new Matrix(n + 1, k);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.trsm(true, true, false, 1, t, bl)),
        "trsm", t.shapeString(), bl.shapeString(), "left");
    Matrix br = new Matrix(k, n + 2);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.trsm(false, false, true, 1, t, br)),
        "trsm", t.shapeString(), br.shapeString(), "right");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> be.trsm(true, true, false, 1, rect, new Matrix(n, 1))),
        "trsm", "square", rect.shapeString());
  }
}
