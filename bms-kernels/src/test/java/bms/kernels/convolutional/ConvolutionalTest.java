package bms.kernels.convolutional;

import bms.kernels.image.ImageShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.kernels.Kernel;
import bms.kernels.Matern32;
import bms.kernels.SquaredExponential;
import bms.kernels.covariances.Covariances;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.LocatedInducingPatches;
import bms.kernels.testing.ParameterGradCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutional and TICK kernels against explicit double sums over patches, and their
 * inducing-patch covariances against explicit single sums.
 */
class ConvolutionalTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** A small random setting: image, patch, base kernel, weights, images and inducing patches. */
  private record Setting(ImageShape image, PatchShape patch, Kernel base, Matrix weights, Matrix x, Matrix x2,
      Matrix z, Matrix zLoc, double locLengthscale) {

    static Setting random(long seed) {
      RandomCases rc = new RandomCases(seed);
      ImageShape image = ImageShape.interleaved(rc.dim(2, 5), rc.dim(2, 5), rc.dim(1, 2));
      PatchShape patch = new PatchShape(rc.dim(1, Math.min(3, image.height())), rc.dim(1, Math.min(3, image.width())),
          rc.dim(1, 2), rc.dim(1, 2));
      PatchExtractor pe = new PatchExtractor(image, patch);
      Kernel base = rc.rng().nextBoolean() ? new SquaredExponential(0.5 + rc.rng().nextDouble(), 1 + rc.rng().nextDouble())
          : new Matern32(0.5 + rc.rng().nextDouble(), 1 + rc.rng().nextDouble());
      int m = rc.dim(1, 5);
      return new Setting(image, patch, base, rc.uniform(pe.numPatches(), 1, -1, 2),
          rc.uniform(rc.dim(1, 4), image.size(), 0, 1), rc.uniform(rc.dim(1, 3), image.size(), 0, 1),
          rc.uniform(m, pe.patchSize(), 0, 1), rc.uniform(m, 2, 0, 1), 0.3 + rc.rng().nextDouble());
    }

    Convolutional conv(boolean weighted) {
      Convolutional k = new Convolutional(base, image, patch, weighted, null);
      if (weighted) k.weights().assign(weights);
      return k;
    }

    Tick tick() {
      Tick k = new Tick(base, image, patch, true, locLengthscale, null);
      k.weights().assign(weights);
      return k;
    }
  }

  // ------------------------------------------------------------ explicit references

  /** Patch p of image row n, cut out by index arithmetic. */
  private static Matrix patchOf(Matrix x, int n, int p, ImageShape s, PatchShape ps, int outW) {
    int py = p / outW, px = p % outW;
    Matrix out = new Matrix(1, ps.height() * ps.width() * s.channels());
    int e = 0;
    for (int i = 0; i < ps.height(); i++) {
      for (int j = 0; j < ps.width(); j++) {
        for (int c = 0; c < s.channels(); c++) {
          int y = py * ps.strideY() + i, xx = px * ps.strideX() + j;
          out.data()[e++] = x.get(n, (y * s.width() + xx) * s.channels() + c);
        }
      }
    }
    return out;
  }

  private static double kg(Kernel base, Matrix a, Matrix b) {
    return base.K(Var.constant(a), Var.constant(b)).scalar();
  }

  /** Matern52 of unit variance, written out. */
  private static double matern52(double[] a, double[] b, double l) {
    double r = Math.hypot(a[0] - b[0], a[1] - b[1]) / l, s = Math.sqrt(5) * r;
    return (1 + s + s * s / 3) * Math.exp(-s);
  }

  private static double[] location(int p, PatchExtractor pe) {
    int py = p / pe.outWidth(), px = p % pe.outWidth();
    return new double[] {pe.outHeight() > 1 ? py / (double) (pe.outHeight() - 1) : 0,
        pe.outWidth() > 1 ? px / (double) (pe.outWidth() - 1) : 0};
  }

  /** (1/P^2) sum_p sum_q w_p w_q k_g(x[p], x2[q]) [k_loc(l_p, l_q)]. */
  private static Matrix explicitK(Setting s, Matrix x, Matrix x2, Matrix w, Double locLengthscale) {
    PatchExtractor pe = new PatchExtractor(s.image, s.patch);
    int np = pe.numPatches();
    Matrix out = new Matrix(x.rows(), x2.rows());
    for (int a = 0; a < x.rows(); a++) {
      for (int b = 0; b < x2.rows(); b++) {
        double sum = 0;
        for (int p = 0; p < np; p++) {
          for (int q = 0; q < np; q++) {
            double k = kg(s.base, patchOf(x, a, p, s.image, s.patch, pe.outWidth()),
                patchOf(x2, b, q, s.image, s.patch, pe.outWidth()));
            if (locLengthscale != null) k *= matern52(location(p, pe), location(q, pe), locLengthscale);
            sum += w.get(p, 0) * w.get(q, 0) * k;
          }
        }
        out.set(a, b, sum / ((double) np * np));
      }
    }
    return out;
  }

  /** Kuf[m, n] = (1/P) sum_p w_p k_g(z_m, x_n[p]) [k_loc(l_m, l_p)]. */
  private static Matrix explicitKuf(Setting s, Matrix w, boolean located) {
    PatchExtractor pe = new PatchExtractor(s.image, s.patch);
    int np = pe.numPatches();
    Matrix out = new Matrix(s.z.rows(), s.x.rows());
    for (int m = 0; m < s.z.rows(); m++) {
      Matrix zm = Matrix.wrap(1, s.z.cols(), s.z.rowArray(m));
      for (int n = 0; n < s.x.rows(); n++) {
        double sum = 0;
        for (int p = 0; p < np; p++) {
          double k = kg(s.base, zm, patchOf(s.x, n, p, s.image, s.patch, pe.outWidth()));
          if (located) k *= matern52(s.zLoc.rowArray(m), location(p, pe), s.locLengthscale);
          sum += w.get(p, 0) * k;
        }
        out.set(m, n, sum / np);
      }
    }
    return out;
  }

  private static void assertClose(Matrix expect, Matrix actual, double tol, String what) {
    double err = expect.maxAbsDiff(actual);
    assertTrue(err <= tol * Math.max(1, expect.maxAbs()), what + ": max difference " + err);
  }

  // ------------------------------------------------------------ values

  @ParameterizedTest
  @MethodSource("seeds")
  void convolutionalEqualsTheExplicitDoubleSum(long seed) {
    Setting s = Setting.random(seed);
    Matrix ones = Matrix.ones(s.weights.rows(), 1);
    Convolutional plain = s.conv(false);
    Convolutional weighted = s.conv(true);
    Var x = Var.constant(s.x), x2 = Var.constant(s.x2);
    assertClose(explicitK(s, s.x, s.x2, ones, null), plain.K(x, x2).value(), 1e-12, "unweighted K(X, X2)");
    assertClose(explicitK(s, s.x, s.x2, s.weights, null), weighted.K(x, x2).value(), 1e-12, "weighted K(X, X2)");
    Matrix kxx = explicitK(s, s.x, s.x, s.weights, null);
    assertClose(kxx, weighted.K(x).value(), 1e-12, "weighted K(X)");
    Matrix diag = new Matrix(s.x.rows(), 1);
    for (int i = 0; i < s.x.rows(); i++) diag.set(i, 0, kxx.get(i, i));
    assertClose(diag, weighted.Kdiag(x).value(), 1e-12, "weighted Kdiag");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void tickEqualsTheExplicitDoubleSumWithLocations(long seed) {
    Setting s = Setting.random(seed);
    Tick tick = s.tick();
    Var x = Var.constant(s.x);
    assertClose(explicitK(s, s.x, s.x2, s.weights, s.locLengthscale), tick.K(x, Var.constant(s.x2)).value(), 1e-12,
        "TICK K(X, X2)");
    Matrix kxx = explicitK(s, s.x, s.x, s.weights, s.locLengthscale);
    Matrix diag = new Matrix(s.x.rows(), 1);
    for (int i = 0; i < s.x.rows(); i++) diag.set(i, 0, kxx.get(i, i));
    assertClose(diag, tick.Kdiag(x).value(), 1e-12, "TICK Kdiag");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void weightedWithUnitWeightsEqualsUnweighted(long seed) {
    Setting s = Setting.random(seed);
    Convolutional plain = s.conv(false);
    Convolutional weighted = Convolutional.weighted(s.base, s.image, s.patch);
    assertEquals(0.0, weighted.weights().value().maxAbsDiff(Matrix.ones(plain.numPatches(), 1)), 1e-15);
    Var x = Var.constant(s.x), x2 = Var.constant(s.x2);
    assertClose(plain.K(x, x2).value(), weighted.K(x, x2).value(), 1e-14, "K(X, X2)");
    assertClose(plain.Kdiag(x).value(), weighted.Kdiag(x).value(), 1e-14, "Kdiag");
    InducingPatches iv = new InducingPatches(s.z);
    assertClose(Covariances.Kuf(iv, plain, x).value(), Covariances.Kuf(iv, weighted, x).value(), 1e-14, "Kuf");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void inducingPatchCovariancesEqualTheExplicitPatchSums(long seed) {
    Setting s = Setting.random(seed);
    Convolutional conv = s.conv(true);
    InducingPatches iv = new InducingPatches(s.z);
    Var x = Var.constant(s.x);
    assertClose(explicitKuf(s, s.weights, false), Covariances.Kuf(iv, conv, x).value(), 1e-12, "Kuf");
    assertClose(s.base.K(Var.constant(s.z)).value(), Covariances.Kuu(iv, conv).value(), 0.0, "Kuu");

    Tick tick = s.tick();
    LocatedInducingPatches liv = new LocatedInducingPatches(s.z, s.zLoc);
    assertClose(explicitKuf(s, s.weights, true), Covariances.Kuf(liv, tick, x).value(), 1e-12, "TICK Kuf");
    Matrix kuu = s.base.K(Var.constant(s.z)).value();
    for (int a = 0; a < s.z.rows(); a++) {
      for (int b = 0; b < s.z.rows(); b++) {
        double expect = kuu.get(a, b) * matern52(s.zLoc.rowArray(a), s.zLoc.rowArray(b), s.locLengthscale);
        assertEquals(expect, Covariances.Kuu(liv, tick).value().get(a, b), 1e-12, "TICK Kuu");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void recomputedBlocksGiveTheSameValues(long seed) {
    Setting s = Setting.random(seed);
    Convolutional direct = s.conv(true);
    Convolutional blocked = s.conv(true).setBlockEntries(1);
    Var x = Var.constant(s.x), x2 = Var.constant(s.x2);
    assertClose(direct.K(x, x2).value(), blocked.K(x, x2).value(), 1e-13, "K(X, X2)");
    assertClose(direct.K(x).value(), blocked.K(x).value(), 1e-13, "K(X)");
    assertClose(direct.Kdiag(x).value(), blocked.Kdiag(x).value(), 1e-13, "Kdiag");
    InducingPatches iv = new InducingPatches(s.z);
    assertClose(Covariances.Kuf(iv, direct, x).value(), Covariances.Kuf(iv, blocked, x).value(), 1e-13, "Kuf");
  }

  // ------------------------------------------------------------ gradients

  @ParameterizedTest
  @MethodSource("seeds")
  void kufGradientsReachImagesInducingPatchesAndHyperparameters(long seed) {
    Setting s = Setting.random(seed);
    boolean blocked = seed % 2 == 0;
    Convolutional conv = s.conv(true);
    Tick tick = s.tick();
    if (blocked) {
      conv.setBlockEntries(1);
      tick.setBlockEntries(1);
    }
    InducingPatches iv = new InducingPatches(s.z);
    LocatedInducingPatches liv = new LocatedInducingPatches(s.z, s.zLoc);
    GradCheck.withSeed(seed).check(v -> Covariances.Kuf(iv, conv, v.get(0)), s.x);
    GradCheck.withSeed(seed).check(v -> Covariances.Kuf(liv, tick, v.get(0)), s.x);

    Matrix w1 = new RandomCases(seed + 5).matrix(s.z.rows(), s.x.rows());
    Matrix w2 = new RandomCases(seed + 6).matrix(s.z.rows(), s.z.rows());
    Var x = Var.constant(s.x);
    ParameterGradCheck.assertGradients(params(conv, iv), () -> Covariances.Kuf(iv, conv, x).mul(Var.constant(w1)).sum()
        .add(Covariances.Kuu(iv, conv).mul(Var.constant(w2)).sum()), 1e-6);
    ParameterGradCheck.assertGradients(params(tick, liv), () -> Covariances.Kuf(liv, tick, x).mul(Var.constant(w1))
        .sum().add(Covariances.Kuu(liv, tick).mul(Var.constant(w2)).sum()), 1e-6);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void blockedKAndKdiagGradientsMatchFiniteDifferences(long seed) {
    Setting s = Setting.random(seed);
    Convolutional conv = seed % 2 == 0 ? s.conv(true) : s.tick();
    conv.setBlockEntries(1);
    GradCheck.withSeed(seed).check(v -> conv.K(v.get(0), v.get(1)), s.x, s.x2);
    GradCheck.withSeed(seed).check(v -> conv.K(v.get(0)), s.x);
    GradCheck.withSeed(seed).check(v -> conv.Kdiag(v.get(0)), s.x);
    Matrix w = new RandomCases(seed + 3).matrix(s.x.rows(), s.x2.rows());
    Matrix wd = new RandomCases(seed + 4).matrix(s.x.rows(), 1);
    ParameterGradCheck.assertGradients(conv, () -> conv.K(Var.constant(s.x), Var.constant(s.x2))
        .mul(Var.constant(w)).sum().add(conv.Kdiag(Var.constant(s.x)).mul(Var.constant(wd)).sum()), 1e-6);
  }

  private static Map<String, Parameter> params(Kernel k, InducingPatches iv) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    k.trainableParameters().forEach((n, p) -> out.put("kernel." + n, p));
    iv.trainableParameters().forEach((n, p) -> out.put("inducing." + n, p));
    return out;
  }

  // ------------------------------------------------------------ errors

  @Test
  void tickNeedsLocatedInducingPatches() {
    Tick tick = new Tick(new SquaredExponential(1, 1), ImageShape.gray(3, 3), PatchShape.of(2, 2), 0.5);
    InducingPatches iv = new InducingPatches(new Matrix(2, 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Covariances.Kuu(iv, tick));
    assertTrue(e.getMessage().contains("LocatedInducingPatches"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Covariances.Kuf(iv, tick, Var.constant(new Matrix(1, 9))));
  }

  @Test
  void inducingPatchesOfTheWrongWidthAreRejected() {
    Convolutional conv = new Convolutional(new SquaredExponential(1, 1), ImageShape.gray(3, 3), PatchShape.of(2, 2));
    InducingPatches iv = new InducingPatches(new Matrix(2, 5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Covariances.Kuu(iv, conv));
    assertTrue(e.getMessage().contains("4 entries"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> conv.K(Var.constant(new Matrix(2, 8))));
  }
}
