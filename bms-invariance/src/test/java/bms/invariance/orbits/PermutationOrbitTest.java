package bms.invariance.orbits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PermutationOrbitTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @Test
  void quarterTurnOfATwoByTwoImage() {
    // [a b; c d] -> out[i][j] = in[j][W-1-i] = [b d; a c]
    Matrix x = Matrix.row(1, 2, 3, 4);
    Matrix out = PermutationOrbit.rotations90(ImageShape.gray(2, 2)).apply(Var.constant(x)).value();
    assertArrayEquals(new double[] {1, 2, 3, 4}, out.rowArray(0));
    assertArrayEquals(new double[] {2, 4, 1, 3}, out.rowArray(1));
    assertArrayEquals(new double[] {4, 3, 2, 1}, out.rowArray(2));
    assertArrayEquals(new double[] {3, 1, 4, 2}, out.rowArray(3));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void imageGroupsHaveTheirOrders(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(2, 6);
    ImageShape sq = ImageShape.planar(rc.dim(1, 3), side, side);
    ImageShape rect = ImageShape.planar(rc.dim(1, 3), rc.dim(2, 6), rc.dim(2, 6));
    assertEquals(4, PermutationOrbit.rotations90(sq).order());
    assertEquals(8, PermutationOrbit.dihedral(sq).order());
    assertEquals(4, PermutationOrbit.flips(rect).order());
    assertEquals(2, PermutationOrbit.horizontalFlips(rect).order());
    assertEquals(2, PermutationOrbit.verticalFlips(rect).order());
    int d = rc.dim(2, 9);
    int i = rc.rng().nextInt(d), j = (i + 1 + rc.rng().nextInt(d - 1)) % d;
    assertEquals(2, PermutationOrbit.swapDims(d, i, j).order());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generatedGroupsAreClosedAndObeyLagrange(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(2, 5);
    int gens = rc.dim(1, 2);
    int[][] g = new int[gens][];
    for (int k = 0; k < gens; k++) g[k] = randomPermutation(rc, d);
    PermutationOrbit orbit = PermutationOrbit.generatedBy(d, g);
    List<int[]> elements = new ArrayList<>();
    for (int k = 0; k < orbit.order(); k++) elements.add(orbit.element(k));
    PermutationOrbit.of(elements); // throws unless closed
    int factorial = 1;
    for (int k = 2; k <= d; k++) factorial *= k;
    assertEquals(0, factorial % orbit.order(), "the order of a subgroup divides d!");
  }

  @Test
  void setsThatAreNotGroupsAreRejected() {
    ImageShape s = ImageShape.gray(3, 3);
    int[] id = PermutationOrbit.generatedBy(9).element(0);
    int[] rot = PermutationOrbit.rotate90(s);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PermutationOrbit.of(List.of(id,
        rot)));
    assertTrue(e.getMessage().contains("not closed"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PermutationOrbit.of(List.of(rot)));
    assertTrue(e.getMessage().contains("identity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PermutationOrbit.generatedBy(3, new int[] {0, 0, 1}));
    assertTrue(e.getMessage().contains("not a permutation"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PermutationOrbit.rotations90(ImageShape.gray(2, 3)));
    assertTrue(e.getMessage().contains("square"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PermutationOrbit.swapDims(3, 1, 1));
    assertTrue(e.getMessage().contains("distinct"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void applyIsItemMajorAndPermutesColumns(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(2, 5);
    PermutationOrbit orbit = PermutationOrbit.dihedral(ImageShape.planar(rc.dim(1, 2), side, side));
    int n = rc.dim(1, 4), g = orbit.order(), d = orbit.dim();
    Matrix x = rc.matrix(n, d);
    Matrix out = orbit.apply(Var.constant(x)).value();
    assertEquals(n * g, out.rows());
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < g; k++) {
        int[] p = orbit.element(k);
        for (int j = 0; j < d; j++) assertEquals(x.get(i, p[j]), out.get(i * g + k, j));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientWithRespectToInputsMatchesFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(2, 4);
    PermutationOrbit orbit = PermutationOrbit.dihedral(ImageShape.gray(side, side));
    GradCheck.withSeed(seed).check(v -> orbit.apply(v.get(0)), rc.matrix(rc.dim(1, 3), orbit.dim()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void subsampledOrbitPicksElementsByEps(long seed) {
    RandomCases rc = new RandomCases(seed);
    PermutationOrbit group = PermutationOrbit.dihedral(ImageShape.gray(3, 3));
    int n = rc.dim(1, 3), s = rc.dim(1, 8), g = group.order();
    Matrix eps = rc.uniform(n * s, 1, 0, 1);
    SubsampledOrbit orbit = new SubsampledOrbit(group, s, EpsilonSource.constant(eps));
    Matrix x = rc.matrix(n, 9);
    Matrix out = orbit.apply(Var.constant(x)).value();
    for (int r = 0; r < n * s; r++) {
      int[] p = group.element((int) Math.floor(eps.data()[r] * g));
      for (int j = 0; j < 9; j++) assertEquals(x.get(r / s, p[j]), out.get(r, j));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mapOrbitIsItemMajor(long seed) {
    RandomCases rc = new RandomCases(seed);
    List<UnaryOperator<Var>> maps = List.of(v -> v, Var::neg, v -> v.mulScalar(2));
    MapOrbit orbit = new MapOrbit(maps);
    int n = rc.dim(1, 4), d = rc.dim(1, 4);
    Matrix x = rc.matrix(n, d);
    Matrix out = orbit.apply(Var.constant(x)).value();
    double[] factor = {1, -1, 2};
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        for (int j = 0; j < d; j++) assertEquals(factor[k] * x.get(i, j), out.get(i * 3 + k, j));
      }
    }
  }

  private static int[] randomPermutation(RandomCases rc, int d) {
    int[] p = new int[d];
    for (int i = 0; i < d; i++) p[i] = i;
    for (int i = d - 1; i > 0; i--) {
      int j = rc.rng().nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
