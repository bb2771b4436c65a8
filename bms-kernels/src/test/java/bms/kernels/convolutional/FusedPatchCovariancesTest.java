package bms.kernels.convolutional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.kernels.Matern12;
import bms.kernels.Matern32;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.Stationary;
import bms.core.param.Parameter;
import bms.kernels.covariances.Covariances;
import bms.kernels.image.ImageShape;
import bms.kernels.inducing.InducingPatches;
import java.util.LinkedHashMap;
import java.util.Map;
import bms.kernels.testing.ParameterGradCheck;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused nodes of the convolutional kernel for radial base kernels: the diagonal
 * ({@link PatchVariances}) against the diagonal of the full K(X, X), which goes through the
 * generic patch Gram, and Kuf ({@link PatchInducingSums}) against the base kernel on every
 * (inducing patch, image patch) pair summed by hand; both gradients against finite differences.
 * Every radial base kernel, shared and ARD lengthscales, weighted and not, one image per block
 * or all in one, and images with repeated patches (zero distances off the diagonal).
 */
class FusedPatchCovariancesTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  private record Setting(Convolutional conv, Matrix x, Matrix z) {
    static Setting random(long seed) {
      RandomCases rc = new RandomCases(seed);
      ImageShape image = ImageShape.interleaved(rc.dim(2, 6), rc.dim(2, 6), rc.dim(1, 2));
      PatchShape patch = new PatchShape(rc.dim(1, Math.min(3, image.height())), rc.dim(1, Math.min(3, image.width())),
          rc.dim(1, 2), rc.dim(1, 2));
      int d = patch.height() * patch.width() * image.channels();
      Matrix ls = rc.rng().nextBoolean() ? Matrix.scalar(0.5 + rc.rng().nextDouble())
          : rc.positive(1, d, 0.5, 2.0);
      double variance = 0.3 + 2 * rc.rng().nextDouble();
      Stationary base = switch ((int) Math.floorMod(seed, 4L)) {
        case 0 -> new SquaredExponential(variance, ls);
        case 1 -> new Matern12(variance, ls);
        case 2 -> new Matern32(variance, ls);
        default -> new Matern52(variance, ls);
      };
      boolean weighted = rc.rng().nextBoolean();
      Convolutional conv = new Convolutional(base, image, patch, weighted, null);
      if (weighted) conv.weights().assign(rc.uniform(conv.numPatches(), 1, -1, 2));
      Matrix x = rc.uniform(rc.dim(1, 4), image.size(), 0, 1);
      if (x.rows() > 1 && rc.rng().nextBoolean()) {
        // A blank image: all its patches coincide (its own gradient is zero, so never the only one).
        for (int j = 0; j < x.cols(); j++) x.set(0, j, 0.25);
      }
      if (rc.rng().nextBoolean()) conv.setBlockEntries(1);
      return new Setting(conv, x, rc.uniform(rc.dim(1, 5), d, 0, 1));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void equalsTheDiagonalOfTheFullCovariance(long seed) {
    Setting s = Setting.random(seed);
    Var x = Var.constant(s.x);
    Matrix full = s.conv.K(x).value();
    Matrix diag = s.conv.Kdiag(x).value();
    for (int i = 0; i < s.x.rows(); i++) {
      assertEquals(full.get(i, i), diag.get(i, 0), 1e-12 * Math.abs(full.get(i, i)), "k(x_" + i + ", x_" + i + ")");
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientsMatchFiniteDifferences(long seed) {
    Setting s = Setting.random(seed);
    // Matern12's profile has a kink at r = 0: keep inputs away from coincident patches there.
    if (s.conv.base() instanceof Matern12) {
      s = new Setting(s.conv, new RandomCases(seed + 1).uniform(s.x.rows(), s.x.cols(), 0, 1), s.z);
    }
    Setting t = s;
    GradCheck.withSeed(seed).check(v -> t.conv.Kdiag(v.get(0)), t.x);
    Matrix w = new RandomCases(seed + 2).matrix(t.x.rows(), 1);
    ParameterGradCheck.assertGradients(t.conv, () -> t.conv.Kdiag(Var.constant(t.x)).mul(Var.constant(w)).sum(), 1e-6);

    InducingPatches iv = new InducingPatches(t.z);
    GradCheck.withSeed(seed).check(v -> Covariances.Kuf(iv, t.conv, v.get(0)), t.x);
    Matrix wu = new RandomCases(seed + 3).matrix(t.z.rows(), t.x.rows());
    Map<String, Parameter> params = new LinkedHashMap<>();
    t.conv.trainableParameters().forEach((k, p) -> params.put("kernel." + k, p));
    iv.trainableParameters().forEach((k, p) -> params.put("inducing." + k, p));
    ParameterGradCheck.assertGradients(params,
        () -> Covariances.Kuf(iv, t.conv, Var.constant(t.x)).mul(Var.constant(wu)).sum(), 1e-6);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void kufEqualsTheWeightedSumOfBaseKernelValues(long seed) {
    Setting s = Setting.random(seed);
    PatchExtractor pe = s.conv.patches();
    int p = pe.numPatches();
    Matrix patchRows = pe.extract(Var.constant(s.x)).value();
    Matrix kg = s.conv.base().K(Var.constant(s.z), Var.constant(patchRows)).value(); // M x (n P)
    Matrix w = s.conv.weightVar().value();
    Matrix kuf = Covariances.Kuf(new InducingPatches(s.z), s.conv, Var.constant(s.x)).value();
    for (int m = 0; m < s.z.rows(); m++) {
      for (int n = 0; n < s.x.rows(); n++) {
        double sum = 0;
        for (int q = 0; q < p; q++) sum += w.get(q, 0) * kg.get(m, n * p + q);
        assertEquals(sum / p, kuf.get(m, n), 1e-12 * Math.max(1e-3, Math.abs(sum / p)), "Kuf[" + m + ", " + n + "]");
      }
    }
  }
}
