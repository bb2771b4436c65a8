package bms.examples.bench;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import bms.kernels.ArcCosine;
import bms.kernels.Kernel;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import bms.kernels.covariances.Covariances;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Wall-clock timings of the kernel matrices an SVGP on MNIST needs, beside the time of the plain
 * matrix product of the same shape on the current linear-algebra backend:
 *
 * <ul>
 *   <li>K(X, Z), N = 2000, M = 500, D = 784, ARD lengthscales (SE, Matern52, ArcCosine order 1);
 *   <li>the weighted convolutional kernel (SE on 5x5 patches of 28x28 images): Kuf for 200
 *       images and M = 750 inducing patches, and Kdiag for the same 200 images.
 * </ul>
 *
 * Convolutional Kuf and Kdiag run with the default block size: beyond it they recompute their
 * patch covariances in the backward pass to bound memory (one Kuf row shows the cost of that).
 * Forward is building the value; forward+backward adds the gradient of sum(W * K) with respect to
 * Z (inducing points or patches) and every hyperparameter (and the images for Kdiag). Each figure
 * is the median (and minimum) of a few runs after warm-up runs.
 */
public final class KernelBenchmark {
  private KernelBenchmark() {}

  public static void main(String[] args) {
    run(System.out);
  }

  public static void run(PrintStream out) {
    int repeats = Integer.getInteger("bms.bench.repeats", 5);
    int warmup = Integer.getInteger("bms.bench.warmup", 2);
    LinalgBackend be = Backends.current();
    Random rng = new Random(42);
    out.printf(Locale.ROOT, "backend: %s; %d warm-up and %d timed runs, median (min) in ms; java %s, %d cores%n%n",
        be.name(), warmup, repeats, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    out.println("| what | shape | forward | forward+backward | gemm of the same shape | forward / gemm |");
    out.println("| --- | --- | --- | --- | --- | --- |");

    // ---------------------------------------------------------- K(X, Z), MNIST-sized
    int n = 2000, m = 500, d = 784;
    Matrix x = Matrix.uniform(n, d, 0, 1, rng);
    Matrix z = Matrix.uniform(m, d, 0, 1, rng);
    Matrix lengthscales = Matrix.filled(1, d, 10.0);
    double[] gemm = time(warmup, repeats, () -> {
      Matrix c = new Matrix(n, m);
      be.gemm(false, true, 1.0, x, z, 0.0, c);
    });
    Kernel[] kernels = {new SquaredExponential(1.0, lengthscales), new Matern52(1.0, lengthscales),
        new ArcCosine(1, 1.0, Matrix.filled(1, d, 0.01), 1.0, null)};
    for (Kernel k : kernels) {
      InducingPoints iv = new InducingPoints(z);
      Var xv = Var.constant(x);
      Matrix w = Matrix.uniform(m, n, -1, 1, rng);
      double[] fwd = time(warmup, repeats, () -> Covariances.Kuf(iv, k, xv));
      double[] both = time(warmup, repeats, () -> {
        Var kuf = Covariances.Kuf(iv, k, xv);
        Gradients g = Gradients.of(kuf.mul(Var.constant(w)).sum());
        g.get(iv.z().leaf());
      });
      row(out, k.getClass().getSimpleName() + " K(Z, X)", m + "x" + n + ", D=" + d, fwd, both, gemm);
    }

    // ---------------------------------------------------------- convolutional, MNIST batch
    int batch = 200, mp = 750;
    ImageShape image = ImageShape.gray(28, 28);
    PatchShape patch = PatchShape.of(5, 5);
    Convolutional conv = Convolutional.weighted(new SquaredExponential(1.0, 1.0), image, patch);
    int p = conv.numPatches(), ps = conv.patches().patchSize();
    Matrix images = Matrix.uniform(batch, image.size(), 0, 1, rng);
    InducingPatches ivp = new InducingPatches(Matrix.uniform(mp, ps, 0, 1, rng));
    Matrix patches = conv.patches().extract(Var.constant(images)).value();
    Matrix zp = ivp.z().value();
    double[] gemmKuf = time(warmup, repeats, () -> {
      Matrix c = new Matrix(patches.rows(), mp);
      be.gemm(false, true, 1.0, patches, zp, 0.0, c);
    });
    Var imgs = Var.constant(images);
    Matrix wk = Matrix.uniform(mp, batch, -1, 1, rng);
    double[] kufFwd = time(warmup, repeats, () -> Covariances.Kuf(ivp, conv, imgs));
    double[] kufBoth = time(warmup, repeats, () -> {
      Var kuf = Covariances.Kuf(ivp, conv, imgs);
      Gradients g = Gradients.of(kuf.mul(Var.constant(wk)).sum());
      g.get(ivp.z().leaf());
    });
    row(out, "weighted conv (SE) Kuf", mp + "x" + batch + ", P=" + p + ", patch " + ps, kufFwd, kufBoth, gemmKuf);
    // The same with the whole (N P) x M patch covariance in one graph: no recomputation, about
    // 4 GB held for the backward pass.
    conv.setBlockEntries(Integer.MAX_VALUE);
    double[] kufFwd1 = time(warmup, repeats, () -> Covariances.Kuf(ivp, conv, imgs));
    double[] kufBoth1 = time(warmup, repeats, () -> {
      Var kuf = Covariances.Kuf(ivp, conv, imgs);
      Gradients g = Gradients.of(kuf.mul(Var.constant(wk)).sum());
      g.get(ivp.z().leaf());
    });
    row(out, "same Kuf as one graph (no recompute)", mp + "x" + batch, kufFwd1, kufBoth1, gemmKuf);
    conv.setBlockEntries(Convolutional.DEFAULT_BLOCK_ENTRIES);

    double[] gemmDiag = time(warmup, repeats, () -> {
      for (int i = 0; i < batch; i++) {
        Matrix a = Matrix.wrap(p, ps, Arrays.copyOfRange(patches.data(), i * p * ps, (i + 1) * p * ps));
        Matrix c = new Matrix(p, p);
        be.gemm(false, true, 1.0, a, a, 0.0, c);
      }
    });
    Matrix wd = Matrix.uniform(batch, 1, -1, 1, rng);
    double[] diagFwd = time(warmup, repeats, () -> conv.Kdiag(imgs));
    double[] diagBoth = time(warmup, repeats, () -> {
      Var imgsVar = Var.variable(images);
      Var kd = conv.Kdiag(imgsVar);
      Gradients g = Gradients.of(kd.mul(Var.constant(wd)).sum());
      g.get(imgsVar);
    });
    row(out, "weighted conv (SE) Kdiag", batch + "x1, " + batch + " Grams " + p + "x" + p, diagFwd, diagBoth,
        gemmDiag);
  }

  private static void row(PrintStream out, String what, String shape, double[] fwd, double[] both, double[] gemm) {
    out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f |%n", what, shape, fmt(fwd), fmt(both), fmt(gemm),
        fwd[0] / gemm[0]);
    out.flush();
  }

  private static String fmt(double[] t) {
    return String.format(Locale.ROOT, "%.0f (%.0f)", t[0], t[1]);
  }

  /** {median, min} in milliseconds. */
  private static double[] time(int warmup, int repeats, Runnable r) {
    for (int i = 0; i < warmup; i++) r.run();
    double[] t = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return new double[] {t[repeats / 2], t[0]};
  }
}
