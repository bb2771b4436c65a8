package bms.invariance.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.MapOrbit;
import bms.invariance.orbits.Orbit;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.testing.ParameterGradCheck;
import bms.invariance.testing.WarpCases;
import bms.kernels.SquaredExponential;
import bms.kernels.covariances.Covariances;
import bms.kernels.inducing.InducingPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InvariantKernelTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** A finite orbit with its elements as maps, picked by the seed. */
  private record FiniteCase(Orbit orbit, List<UnaryOperator<Var>> elements, int dim) {}

  private static FiniteCase finiteCase(RandomCases rc) {
    int kind = rc.rng().nextInt(5);
    if (kind == 4) {
      // A user-given group of maps: {x, -x}.
      List<UnaryOperator<Var>> maps = List.of(v -> v, Var::neg);
      return new FiniteCase(new MapOrbit(maps), maps, rc.dim(1, 5));
    }
    PermutationOrbit orbit;
    if (kind == 0) {
      int side = rc.dim(2, 4);
      orbit = PermutationOrbit.rotations90(ImageShape.planar(rc.dim(1, 2), side, side));
    } else if (kind == 1) {
      orbit = PermutationOrbit.flips(ImageShape.gray(rc.dim(2, 4), rc.dim(2, 4)));
    } else if (kind == 2) {
      int side = rc.dim(2, 3);
      orbit = PermutationOrbit.dihedral(ImageShape.gray(side, side));
    } else {
      int d = rc.dim(2, 6);
      int i = rc.rng().nextInt(d);
      orbit = PermutationOrbit.swapDims(d, i, (i + 1 + rc.rng().nextInt(d - 1)) % d);
    }
    List<UnaryOperator<Var>> elements = new ArrayList<>();
    for (int g = 0; g < orbit.order(); g++) {
      int[] p = orbit.element(g);
      elements.add(v -> v.t().gatherRows(p).t()); // columns permuted by p, written independently
    }
    return new FiniteCase(orbit, elements, orbit.dim());
  }

  /** A squared-exponential base kernel with random ARD lengthscales (not itself invariant). */
  private static SquaredExponential base(RandomCases rc, int dim) {
    return new SquaredExponential(0.5 + rc.rng().nextDouble(), rc.positive(1, dim, 0.7, 2.5));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void finiteOrbitKernelIsInvariantToEveryElement(long seed) {
    RandomCases rc = new RandomCases(seed);
    FiniteCase fc = finiteCase(rc);
    Invariant k = new Invariant(base(rc, fc.dim()), fc.orbit());
    Var x = Var.constant(rc.matrix(rc.dim(1, 3), fc.dim()));
    Var x2 = Var.constant(rc.matrix(rc.dim(1, 3), fc.dim()));
    Matrix ref = k.K(x, x2).value();
    for (UnaryOperator<Var> t : fc.elements()) {
      assertEquals(0.0, k.K(x, t.apply(x2)).value().maxAbsDiff(ref), 1e-12, "k(x, t(x')) != k(x, x')");
      assertEquals(0.0, k.K(t.apply(x), x2).value().maxAbsDiff(ref), 1e-12, "k(t(x), x') != k(x, x')");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void finiteOrbitKernelIsTheOrbitAverageOfTheBaseKernel(long seed) {
    RandomCases rc = new RandomCases(seed);
    FiniteCase fc = finiteCase(rc);
    SquaredExponential g = base(rc, fc.dim());
    Invariant k = new Invariant(g, fc.orbit());
    Var x = Var.constant(rc.matrix(rc.dim(1, 3), fc.dim()));
    Var x2 = Var.constant(rc.matrix(rc.dim(1, 3), fc.dim()));
    Matrix expected = new Matrix(x.rows(), x2.rows());
    int size = fc.elements().size();
    for (UnaryOperator<Var> a : fc.elements()) {
      for (UnaryOperator<Var> b : fc.elements()) {
        Matrix kab = g.K(a.apply(x), b.apply(x2)).value();
        for (int i = 0; i < kab.size(); i++) expected.data()[i] += kab.data()[i] / (size * size);
      }
    }
    assertEquals(0.0, k.K(x, x2).value().maxAbsDiff(expected), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void finiteOrbitKernelIsSymmetricPsdWithMatchingDiagonal(long seed) {
    RandomCases rc = new RandomCases(seed);
    FiniteCase fc = finiteCase(rc);
    Invariant k = new Invariant(base(rc, fc.dim()), fc.orbit());
    int n = rc.dim(1, 12);
    Var x = Var.constant(rc.matrix(n, fc.dim()));
    Matrix kxx = k.K(x).value();
    assertEquals(0.0, kxx.maxAbsDiff(kxx.transpose()), 1e-14, "K(X) symmetric");
    double scale = kxx.maxAbs();
    assertTrue(minEigenvalue(kxx) >= -1e-10 * scale, "K(X) positive semi-definite");
    Matrix diag = k.Kdiag(x).value();
    for (int i = 0; i < n; i++) assertEquals(kxx.get(i, i), diag.get(i, 0), 1e-12);
    Var x2 = Var.constant(rc.matrix(rc.dim(1, 4), fc.dim()));
    assertEquals(0.0, k.K(x, x2).value().maxAbsDiff(k.K(x2, x).value().transpose()), 1e-14);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sampledDiagonalIsTheOffDiagonalMeanOfItsDraws(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = 2 * rc.dim(2, 3);
    ImageShape s = ImageShape.gray(side, side);
    int samples = rc.dim(2, 12);
    RotationOrbit orbit = new RotationOrbit(s, 10 + 160 * rc.rng().nextDouble(), samples, EpsilonSource.seeded(seed));
    SquaredExponential g = new SquaredExponential(1.0, 2.0 + 2 * rc.rng().nextDouble());
    Invariant k = new Invariant(g, orbit);
    int n = rc.dim(1, 20); // more than one chunk when n * S > 64
    OrbitSamples draws = k.sample(Var.constant(rc.matrix(n, s.size())));
    Matrix all = draws.all().value();
    Matrix unbiased = k.diagonal(draws, true).value();
    Matrix full = k.diagonal(draws, false).value();
    for (int i = 0; i < n; i++) {
      Matrix block = g.K(Var.constant(rowsOf(all, i * samples, samples))).value();
      double off = 0, total = 0;
      for (int a = 0; a < samples; a++) {
        for (int b = 0; b < samples; b++) {
          total += block.get(a, b);
          if (a != b) off += block.get(a, b);
        }
      }
      assertEquals(off / (samples * (samples - 1.0)), unbiased.get(i, 0), 1e-12);
      assertEquals(total / (samples * (double) samples), full.get(i, 0), 1e-12);
    }
  }

  @Test
  void unbiasedDiagonalNeedsTwoSamples() {
    RotationOrbit orbit = new RotationOrbit(ImageShape.gray(4, 4), 30, 1, EpsilonSource.seeded(3));
    Invariant k = new Invariant(new SquaredExponential(1.0, 1.0), orbit);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.Kdiag(Var.constant(new Matrix(2, 16))));
    assertTrue(e.getMessage().contains("S >= 2") && e.getMessage().contains("S = 1"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void registeredCovariancesUseInducingPointsOfTheBaseFunction(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = 2 * rc.dim(2, 3);
    ImageShape s = ImageShape.gray(side, side);
    int samples = rc.dim(1, 5);
    RotationOrbit orbit = new RotationOrbit(s, 45, samples, EpsilonSource.fixed(seed));
    SquaredExponential g = new SquaredExponential(1.0, 3.0);
    Invariant k = new Invariant(g, orbit);
    int m = rc.dim(1, 5), n = rc.dim(1, 4);
    InvariantInducingPoints z = new InvariantInducingPoints(rc.matrix(m, s.size()));
    Var x = Var.constant(rc.matrix(n, s.size()));
    assertEquals(0.0, Covariances.Kuu(z, k).value().maxAbsDiff(g.K(z.z().var()).value()), 0.0);
    Matrix kuf = Covariances.Kuf(z, k, x).value();
    Matrix warped = orbit.apply(x).value(); // the same draws: fixed eps
    Matrix direct = g.K(z.z().var(), Var.constant(warped)).value();
    for (int a = 0; a < m; a++) {
      for (int i = 0; i < n; i++) {
        double mean = 0;
        for (int t = 0; t < samples; t++) mean += direct.get(a, i * samples + t) / samples;
        assertEquals(mean, kuf.get(a, i), 1e-14);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void plainInducingPointsFallBackToTheInvariantKernel(long seed) {
    RandomCases rc = new RandomCases(seed);
    FiniteCase fc = finiteCase(rc);
    Invariant k = new Invariant(base(rc, fc.dim()), fc.orbit());
    InducingPoints z = new InducingPoints(rc.matrix(rc.dim(1, 4), fc.dim()));
    Var x = Var.constant(rc.matrix(rc.dim(1, 4), fc.dim()));
    assertEquals(0.0, Covariances.Kuf(z, k, x).value().maxAbsDiff(k.K(z.z().var(), x).value()), 1e-14);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientReachesTheAngleRangeThroughKuf(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = 2 * rc.dim(2, 3);
    ImageShape s = ImageShape.gray(side, side);
    int samples = rc.dim(1, 4), n = rc.dim(1, 3), m = rc.dim(1, 3);
    RotationOrbit orbit = new RotationOrbit(s, 10 + 160 * rc.rng().nextDouble(), samples, EpsilonSource.seeded(seed));
    SquaredExponential g = new SquaredExponential(1.0, 2.0 + rc.rng().nextDouble());
    Invariant k = new Invariant(g, orbit);
    InvariantInducingPoints z = new InvariantInducingPoints(rc.matrix(m, s.size()));
    Matrix x = rc.matrix(n, s.size());
    orbit.setEpsilons(EpsilonSource.constant(offKinkEps(rc, orbit, n)));
    Matrix[] grads = ParameterGradCheck.check(() -> Covariances.Kuf(z, k, Var.constant(x)),
        List.of(orbit.angle(), g.variance(), g.lengthscales(), z.z()), seed, 1e-6, 1e-6);
    assertTrue(grads[0].maxAbs() > 1e-10, "a gradient reaches alpha: " + grads[0]);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void kernelGradientsMatchFiniteDifferences(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = 2 * rc.dim(2, 3);
    ImageShape s = ImageShape.gray(side, side);
    int samples = rc.dim(2, 4), n = rc.dim(1, 3);
    RotationOrbit orbit = new RotationOrbit(s, 10 + 160 * rc.rng().nextDouble(), samples, EpsilonSource.seeded(seed));
    SquaredExponential g = new SquaredExponential(1.0, 2.0 + rc.rng().nextDouble());
    Invariant k = new Invariant(g, orbit);
    Matrix x = rc.matrix(n, s.size());
    orbit.setEpsilons(EpsilonSource.constant(offKinkEps(rc, orbit, n)));
    List<Parameter> params = List.of(orbit.angle(), g.variance(), g.lengthscales());
    ParameterGradCheck.check(() -> k.Kdiag(Var.constant(x)), params, seed, 1e-6, 1e-6);
    ParameterGradCheck.check(() -> k.K(Var.constant(x)), params, seed, 1e-6, 1e-6);
  }

  /** Fixed eps for n inputs whose warps keep every source coordinate off the integer kinks. */
  static Matrix offKinkEps(RandomCases rc, RotationOrbit orbit, int n) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      Matrix e = rc.uniform(n * orbit.samples(), 1, 0, 1);
      if (WarpCases.minDistanceToInteger(orbit.affine(e).value(), orbit.shape()) > WarpCases.KINK_MARGIN) return e;
    }
    throw new IllegalStateException("no off-kink eps");
  }

  static Matrix rowsOf(Matrix m, int start, int count) {
    Matrix out = new Matrix(count, m.cols());
    System.arraycopy(m.data(), start * m.cols(), out.data(), 0, count * m.cols());
    return out;
  }

  static double minEigenvalue(Matrix sym) {
    int n = sym.rows();
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
    if (!eig.decompose(sym.toEjml())) throw new IllegalStateException("eigen decomposition failed");
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) min = Math.min(min, eig.getEigenvalue(i).getReal());
    return min;
  }
}
