package bms.invariance.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.SubsampledOrbit;
import bms.kernels.SquaredExponential;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sampled orbit that draws uniformly from a finite group must give Monte Carlo estimates that
 * converge to the exact invariant kernel of that group as S grows.
 *
 * <p>Tolerances come from concentration inequalities evaluated with the exact spread of the
 * estimated quantity over the (finite) group, so each check fails with probability at most
 * DELTA = 1e-9 when the estimator is right (about 1e-6 for the whole class), while a biased
 * estimator fails once its bias exceeds the shrinking O(1/sqrt(S)) tolerance:
 * <ul>
 *   <li>Kuf[m, n] is a mean of S iid values k_g(z_m, g x_n): Bernstein's inequality with their
 *       exact variance sigma^2 and maximal deviation R,
 *       P(|mean - mu| >= t) <= 2 exp(-S t^2 / (2 sigma^2 + 2 R t / 3));</li>
 *   <li>K(x, x')[n, n'] averages k_g over independent draws for x and x' (a two-sample
 *       U-statistic) and Kdiag[n] over pairs s != s' of one sample (a one-sample U-statistic of
 *       degree 2): Hoeffding's inequalities for U-statistics with the range R of k_g over the
 *       group pairs, P(|U - mu| >= t) <= 2 exp(-2 k t^2 / R^2), k = S and floor(S / 2).</li>
 * </ul>
 */
class SampledInvariantConvergenceTest {
  private static final double DELTA = 1e-9;
  private static final double LOG_TERM = Math.log(2 / DELTA);
  private static final int[] SAMPLE_SIZES = {8, 64, 512};

  static Stream<Long> seeds() {
    return RandomCases.seeds(25);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void uniformDrawsFromAFiniteGroupConvergeToTheExactKernel(long seed) {
    RandomCases rc = new RandomCases(seed);
    PermutationOrbit group = rc.rng().nextBoolean()
        ? PermutationOrbit.dihedral(ImageShape.gray(3, 3))
        : PermutationOrbit.rotations90(ImageShape.planar(2, 2, 2));
    int d = group.dim(), order = group.order();
    SquaredExponential g = new SquaredExponential(1.0, rc.positive(1, d, 0.8, 2.0));
    Var x = Var.constant(rc.matrix(2, d));
    Var x2 = Var.constant(rc.matrix(2, d));
    Var z = Var.constant(rc.matrix(2, d));
    // Exact tables of k_g over the group: rows n * G + g.
    Matrix zx = g.K(z, group.apply(x)).value(); // M x (N G)
    Matrix xx2 = g.K(group.apply(x), group.apply(x2)).value(); // (N G) x (N' G)
    Matrix xx = g.K(group.apply(x)).value(); // (N G) x (N G)
    Invariant exact = new Invariant(g, group);
    Matrix exactKuf = exact.Kuf(z, x).value();
    Matrix exactK = exact.K(x, x2).value();
    Matrix exactDiag = exact.Kdiag(x).value();

    for (int s : SAMPLE_SIZES) {
      Invariant sampled = new Invariant(g, new SubsampledOrbit(group, s, EpsilonSource.seeded(seed * 31 + s)));
      Matrix kuf = sampled.Kuf(z, x).value();
      Matrix k = sampled.K(x, x2).value();
      Matrix diag = sampled.Kdiag(x).value();
      for (int m = 0; m < 2; m++) {
        for (int n = 0; n < 2; n++) {
          double[] v = new double[order];
          for (int a = 0; a < order; a++) v[a] = zx.get(m, n * order + a);
          check("Kuf", s, kuf.get(m, n), exactKuf.get(m, n), bernstein(v, s));
        }
      }
      for (int n = 0; n < 2; n++) {
        for (int n2 = 0; n2 < 2; n2++) {
          double range = range(xx2, n * order, n2 * order, order);
          check("K", s, k.get(n, n2), exactK.get(n, n2), range * Math.sqrt(LOG_TERM / (2.0 * s)));
        }
        double range = range(xx, n * order, n * order, order);
        check("Kdiag", s, diag.get(n, 0), exactDiag.get(n, 0), range * Math.sqrt(LOG_TERM / (2.0 * (s / 2))));
      }
    }
  }

  private static void check(String what, int s, double estimate, double exact, double tolerance) {
    assertTrue(Math.abs(estimate - exact) <= tolerance, String.format(
        "%s with S = %d: estimate %.6g, exact %.6g, |error| %.3g > tolerance %.3g", what, s, estimate, exact,
        Math.abs(estimate - exact), tolerance));
  }

  /** The Bernstein deviation t at which 2 exp(-S t^2 / (2 sigma^2 + 2 R t / 3)) = DELTA. */
  private static double bernstein(double[] values, int s) {
    double mu = 0;
    for (double v : values) mu += v / values.length;
    double var = 0, dev = 0;
    for (double v : values) {
      var += (v - mu) * (v - mu) / values.length;
      dev = Math.max(dev, Math.abs(v - mu));
    }
    // S t^2 = L (2 var + 2 R t / 3)  =>  t = (2 R L / 3 + sqrt((2 R L / 3)^2 + 8 S var L)) / (2 S)
    double b = 2 * dev * LOG_TERM / 3;
    return (b + Math.sqrt(b * b + 8 * s * var * LOG_TERM)) / (2 * s);
  }

  /**
   * max - min of the G x G block at (r0, c0): the range of k_g over all pairs of group elements
   * (draws are with replacement, so even the diagonal estimate can pair an element with itself).
   */
  private static double range(Matrix m, int r0, int c0, int order) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < order; a++) {
      for (int b = 0; b < order; b++) {
        double v = m.get(r0 + a, c0 + b);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return hi - lo;
  }
}
