package bms.invariance.orbits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.invariance.testing.ParameterGradCheck;
import bms.invariance.testing.WarpCases;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SampledOrbitTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static ImageShape shape(RandomCases rc) {
    return ImageShape.planar(rc.dim(1, 2), rc.dim(3, 6), rc.dim(3, 6));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void epsilonSourcesAreReproducible(long seed) {
    RandomCases rc = new RandomCases(seed);
    int r = rc.dim(1, 20), c = rc.dim(1, 7);
    EpsilonSource fixed = EpsilonSource.fixed(seed);
    Matrix a = fixed.uniform(r, c);
    assertEquals(0.0, a.maxAbsDiff(fixed.uniform(r, c)), "fixed eps repeats itself");
    assertEquals(0.0, a.maxAbsDiff(EpsilonSource.fixed(seed).uniform(r, c)));
    EpsilonSource stream = EpsilonSource.seeded(seed);
    Matrix first = stream.uniform(r, c), second = stream.uniform(r, c);
    assertNotEquals(0.0, first.maxAbsDiff(second), "a seeded stream gives fresh draws");
    EpsilonSource again = EpsilonSource.seeded(seed);
    assertEquals(0.0, first.maxAbsDiff(again.uniform(r, c)));
    assertEquals(0.0, second.maxAbsDiff(again.uniform(r, c)));
    for (double v : first.data()) assertTrue(v >= 0 && v < 1);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void rotationRowsAreRotationsWithinTheRange(long seed) {
    RandomCases rc = new RandomCases(seed);
    double alpha = 1 + 178 * rc.rng().nextDouble();
    RotationOrbit orbit = new RotationOrbit(shape(rc), alpha, 4, EpsilonSource.seeded(seed));
    int rows = rc.dim(1, 20);
    Matrix eps = rc.uniform(rows, 1, 0, 1);
    Matrix a = orbit.affine(eps).value();
    for (int r = 0; r < rows; r++) {
      double[] row = a.rowArray(r);
      assertEquals(row[0], row[4], 1e-15);
      assertEquals(row[1], -row[3], 1e-15);
      assertEquals(1.0, row[0] * row[0] + row[3] * row[3], 1e-12);
      assertEquals(0.0, row[2]);
      assertEquals(0.0, row[5]);
      double degrees = Math.toDegrees(Math.atan2(row[3], row[0]));
      assertEquals(-alpha + 2 * alpha * eps.data()[r], degrees, 1e-9);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void ninetyDegreeRotationSampleIsThePixelRotation(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(2, 7);
    ImageShape s = ImageShape.planar(rc.dim(1, 2), side, side);
    RotationOrbit orbit = new RotationOrbit(s, 90, 1, EpsilonSource.constant(Matrix.column(1.0)));
    Matrix x = rc.matrix(1, s.size());
    Matrix warped = orbit.apply(Var.constant(x)).value();
    Matrix exact = PermutationOrbit.rotations90(s).apply(Var.constant(x)).value();
    for (int j = 0; j < s.size(); j++) assertEquals(exact.get(1, j), warped.get(0, j), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void interpretableAffineIsIdentityAtTheCentreAndHasTheScaleDeterminant(long seed) {
    RandomCases rc = new RandomCases(seed);
    InterpretableAffineOrbit orbit = new InterpretableAffineOrbit(shape(rc), randomRanges(rc), 2,
        EpsilonSource.seeded(seed));
    Matrix centre = Matrix.filled(1, 7, 0.5);
    double[] id = orbit.affine(centre).value().rowArray(0);
    assertEquals(1.0, id[0]);
    assertEquals(0.0, id[1]);
    assertEquals(0.0, id[2]);
    assertEquals(0.0, id[3]);
    assertEquals(1.0, id[4]);
    assertEquals(0.0, id[5]);
    int rows = rc.dim(1, 10);
    Matrix eps = rc.uniform(rows, 7, 0, 1);
    Matrix a = orbit.affine(eps).value();
    for (int r = 0; r < rows; r++) {
      double[] row = a.rowArray(r);
      // det(R Shear_y Shear_x diag(sx, sy)) = sx sy = exp(c1 + c2)
      double c1 = orbit.range(1).scalar() * (2 * eps.get(r, 1) - 1);
      double c2 = orbit.range(2).scalar() * (2 * eps.get(r, 2) - 1);
      assertEquals(Math.exp(c1 + c2), row[0] * row[4] - row[1] * row[3], 1e-12);
      assertEquals(orbit.range(5).scalar() * (2 * eps.get(r, 5) - 1), row[2], 1e-14);
      assertEquals(orbit.range(6).scalar() * (2 * eps.get(r, 6) - 1), row[5], 1e-14);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void interpretableAffineWithOnlyTheAngleIsTheRotation(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    InterpretableAffineOrbit.Ranges ranges = randomRanges(rc);
    InterpretableAffineOrbit affine = new InterpretableAffineOrbit(s, ranges, 1, EpsilonSource.seeded(seed));
    RotationOrbit rotation = new RotationOrbit(s, ranges.angle(), 1, EpsilonSource.seeded(seed));
    int rows = rc.dim(1, 8);
    Matrix angleEps = rc.uniform(rows, 1, 0, 1);
    Matrix eps = Matrix.filled(rows, 7, 0.5);
    for (int r = 0; r < rows; r++) eps.set(r, 0, angleEps.get(r, 0));
    assertEquals(0.0, affine.affine(eps).value().maxAbsDiff(rotation.affine(angleEps).value()), 1e-14);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generalAffineSpansItsBounds(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix lo = rc.matrix(1, 6), hi = rc.matrix(1, 6);
    GeneralAffineOrbit orbit = new GeneralAffineOrbit(shape(rc), lo, hi, 3, EpsilonSource.seeded(seed));
    assertEquals(0.0, orbit.affine(new Matrix(1, 6)).value().maxAbsDiff(lo), 1e-14);
    assertEquals(0.0, orbit.affine(Matrix.ones(1, 6)).value().maxAbsDiff(hi), 1e-14);
    Matrix eps = rc.uniform(1, 6, 0, 1);
    Matrix a = orbit.affine(eps).value();
    for (int k = 0; k < 6; k++) {
      assertEquals(lo.get(0, k) + (hi.get(0, k) - lo.get(0, k)) * eps.get(0, k), a.get(0, k), 1e-14);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void rotationAngleGradientMatchesFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    // Even sides: an odd image has a centre pixel that every rotation maps onto itself, an
    // integer coordinate that no eps can move off (harmless, as it does not depend on the angle).
    ImageShape s = ImageShape.planar(rc.dim(1, 2), 2 * rc.dim(2, 3), 2 * rc.dim(2, 3));
    RotationOrbit orbit = new RotationOrbit(s, 5 + 170 * rc.rng().nextDouble(), rc.dim(1, 3),
        EpsilonSource.seeded(seed));
    checkThetaGradient(rc, seed, orbit, List.of(orbit.angle()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void interpretableAffineGradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    InterpretableAffineOrbit orbit = new InterpretableAffineOrbit(shape(rc), randomRanges(rc), rc.dim(1, 2),
        EpsilonSource.seeded(seed));
    List<Parameter> params = new ArrayList<>();
    for (int k = 0; k < 7; k++) params.add(orbit.range(k));
    checkThetaGradient(rc, seed, orbit, params);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generalAffineGradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    GeneralAffineOrbit orbit = GeneralAffineOrbit.aroundIdentity(shape(rc), 0.05 + 0.3 * rc.rng().nextDouble(),
        rc.dim(1, 2), EpsilonSource.seeded(seed));
    checkThetaGradient(rc, seed, orbit, List.of(orbit.lower(), orbit.upper()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pixelGradientsThroughASampledOrbitMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape s = shape(rc);
    RotationOrbit orbit = new RotationOrbit(s, 60, 2, EpsilonSource.fixed(seed));
    GradCheck.withSeed(seed).check(v -> orbit.apply(v.get(0)), rc.matrix(rc.dim(1, 2), s.size()));
  }

  @Test
  void badArgumentsAreNamed() {
    ImageShape s = ImageShape.gray(4, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RotationOrbit(s, 0, 3, EpsilonSource.seeded(1)));
    assertTrue(e.getMessage().contains("(0, 180)"), e.getMessage());
    RotationOrbit orbit = new RotationOrbit(s, 30, 3, EpsilonSource.constant(new Matrix(2, 1)));
    e = assertThrows(IllegalArgumentException.class, () -> orbit.apply(Var.constant(new Matrix(1, 16))));
    assertTrue(e.getMessage().contains("3x1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> orbit.affine(Matrix.filled(1, 1, 1.5)));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> orbit.setSamples(0));
    assertTrue(e.getMessage().contains("samples"), e.getMessage());
    orbit.setEpsilons(EpsilonSource.seeded(2));
    e = assertThrows(IllegalArgumentException.class, () -> orbit.apply(Var.constant(new Matrix(1, 15))));
    assertTrue(e.getMessage().contains("x has 15 columns"), e.getMessage());
  }

  /**
   * d(sum W * warped)/d(theta) by central differences, with eps fixed and chosen so that no
   * source coordinate is within the kink margin of an integer (where the warp is not smooth).
   */
  private static void checkThetaGradient(RandomCases rc, long seed, AffineOrbit orbit, List<Parameter> params) {
    int n = rc.dim(1, 2);
    Matrix x = rc.matrix(n, orbit.shape().size());
    Matrix eps = null;
    for (int attempt = 0; attempt < 1000 && eps == null; attempt++) {
      Matrix e = rc.uniform(n * orbit.samples(), orbit.epsilonDim(), 0, 1);
      if (WarpCases.minDistanceToInteger(orbit.affine(e).value(), orbit.shape()) > WarpCases.KINK_MARGIN) eps = e;
    }
    assertTrue(eps != null, "found off-kink eps");
    orbit.setEpsilons(EpsilonSource.constant(eps));
    ParameterGradCheck.check(() -> orbit.apply(Var.constant(x)), params, seed, 1e-6, 1e-6);
  }

  private static InterpretableAffineOrbit.Ranges randomRanges(RandomCases rc) {
    double[] r = new double[7];
    r[0] = 1 + 100 * rc.rng().nextDouble();
    for (int k = 1; k < 7; k++) r[k] = 0.02 + 0.3 * rc.rng().nextDouble();
    return new InterpretableAffineOrbit.Ranges(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
  }
}
