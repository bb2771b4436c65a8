package bms.invariance.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.SubsampledOrbit;
import bms.kernels.SquaredExponential;
import java.util.ArrayDeque;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact expectations of the sampled estimators: with S draws uniformly from a finite group of
 * order G, every one of the G^S equally likely draws can be enumerated (eps = (g + 1/2) / G picks
 * element g), so the mean of an estimator over all of them is its expectation, with no Monte Carlo
 * error. Unbiased estimators must reproduce the exact kernel to rounding error; the all-pairs
 * diagonal must not (it over-weights s = s').
 */
class SampledInvariantUnbiasednessTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void enumeratedExpectationsOfTheEstimatorsAreExact(long seed) {
    RandomCases rc = new RandomCases(seed);
    PermutationOrbit group = PermutationOrbit.rotations90(ImageShape.planar(rc.dim(1, 2), 2, 2));
    int d = group.dim(), order = group.order();
    int s = rc.dim(2, 3);
    SquaredExponential g = new SquaredExponential(1.0, rc.positive(1, d, 0.5, 1.5));
    Var x = Var.constant(rc.matrix(1, d));
    Var x2 = Var.constant(rc.matrix(1, d));
    Var z = Var.constant(rc.matrix(1, d));
    Invariant exact = new Invariant(g, group);

    int combos = (int) Math.pow(order, s);
    double kufMean = 0, diagMean = 0, allPairsMean = 0;
    for (int c = 0; c < combos; c++) {
      Matrix eps = epsFor(c, s, order);
      SubsampledOrbit orbit = new SubsampledOrbit(group, s, EpsilonSource.constant(eps));
      Invariant k = new Invariant(g, orbit);
      kufMean += k.Kuf(z, x).value().scalarValue() / combos;
      OrbitSamples draws = k.sample(x);
      diagMean += k.diagonal(draws, true).value().scalarValue() / combos;
      allPairsMean += k.diagonal(draws, false).value().scalarValue() / combos;
    }
    double exactDiag = exact.Kdiag(x).value().scalarValue();
    assertEquals(exact.Kuf(z, x).value().scalarValue(), kufMean, 1e-12, "E[Kuf]");
    assertEquals(exactDiag, diagMean, 1e-12, "E[Kdiag], off-diagonal estimator");
    // The all-pairs mean has expectation exact + (E k(gx, gx) - exact) / S, here k(gx, gx) = 1.
    assertEquals(exactDiag + (1.0 - exactDiag) / s, allPairsMean, 1e-12);
    assertTrue(1.0 - exactDiag > 1e-6, "the orbit of x is not a single point");

    // Two inputs: independent draws for each, enumerated as pairs of draws.
    double kMean = 0;
    for (int c = 0; c < combos; c++) {
      for (int c2 = 0; c2 < combos; c2++) {
        ArrayDeque<Matrix> queue = new ArrayDeque<>();
        queue.add(epsFor(c, s, order));
        queue.add(epsFor(c2, s, order));
        Invariant k = new Invariant(g, new SubsampledOrbit(group, s, (r, cols) -> queue.poll()));
        kMean += k.K(x, x2).value().scalarValue() / ((double) combos * combos);
      }
    }
    assertEquals(exact.K(x, x2).value().scalarValue(), kMean, 1e-12, "E[K(x, x')]");
  }

  /** The eps column that picks group elements given by the base-G digits of {@code combo}. */
  private static Matrix epsFor(int combo, int s, int order) {
    Matrix eps = new Matrix(s, 1);
    for (int t = 0; t < s; t++) {
      eps.data()[t] = (combo % order + 0.5) / order;
      combo /= order;
    }
    return eps;
  }
}
