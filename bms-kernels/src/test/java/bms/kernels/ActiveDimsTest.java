package bms.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A kernel on a subset of columns equals the same kernel applied to those columns alone. */
class ActiveDimsTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static Matrix columns(Matrix x, int[] dims) {
    Matrix out = new Matrix(x.rows(), dims.length);
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < dims.length; j++) out.set(i, j, x.get(i, dims[j]));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void activeDimsSelectColumns(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(2, 6);
    int count = rc.dim(1, d);
    // Any columns, in any order (contiguous ranges take the slicing path, others the gather path).
    int[] dims = rc.rng().ints(0, d).distinct().limit(count).toArray();
    if (rc.rng().nextBoolean()) Arrays.sort(dims);
    Matrix x = rc.matrix(rc.dim(1, 6), d), x2 = rc.matrix(rc.dim(1, 6), d);
    double var = 0.5 + rc.rng().nextDouble(), l = 0.5 + rc.rng().nextDouble();
    Function<int[], Kernel[]> make = ad -> new Kernel[] {new Matern52(var, Matrix.scalar(l), ad),
        new Linear(Matrix.scalar(var), ad), new ArcCosine(1, var, Matrix.scalar(l), 0.3, ad), new White(var, ad)};
    Kernel[] restricted = make.apply(dims);
    Kernel[] plain = make.apply(null);
    Matrix xs = columns(x, dims), x2s = columns(x2, dims);
    for (int k = 0; k < restricted.length; k++) {
      String name = restricted[k].getClass().getSimpleName();
      Matrix a = restricted[k].K(Var.constant(x), Var.constant(x2)).value();
      Matrix b = plain[k].K(Var.constant(xs), Var.constant(x2s)).value();
      assertTrue(a.maxAbsDiff(b) <= 1e-12, name + " K(X, X2) with active dims " + Arrays.toString(dims));
      Var xv = Var.constant(x), xsv = Var.constant(xs);
      assertTrue(restricted[k].K(xv).value().maxAbsDiff(plain[k].K(xsv).value()) <= 1e-12, name + " K(X)");
      assertTrue(restricted[k].Kdiag(xv).value().maxAbsDiff(plain[k].Kdiag(xsv).value()) <= 1e-12, name + " Kdiag");
    }
  }

  @Test
  void activeDimensionBeyondTheInputIsRejected() {
    Kernel k = new SquaredExponential(1.0, Matrix.scalar(1.0), new int[] {0, 3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.K(Var.constant(new Matrix(2, 3))));
    assertTrue(e.getMessage().contains("active dimension 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Matern12(1.0, Matrix.scalar(1.0), new int[] {-1}));
  }

  @Test
  void ardWidthMismatchIsRejected() {
    Kernel k = new Matern32(1.0, Matrix.row(1.0, 2.0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.K(Var.constant(new Matrix(2, 3))));
    assertTrue(e.getMessage().contains("2 lengthscales"), e.getMessage());
  }
}
