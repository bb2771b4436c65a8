package bms.kernels.convolutional;

import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import bms.kernels.RadialFunction;
import java.util.stream.IntStream;

/**
 * The convolutional kernel's diagonal for a radial base kernel, variance * f(r^2), as one node:
 *
 * <pre>
 *   k(x_i, x_i) = variance / P^2 * sum_a sum_b w_a w_b f(||s_ia - s_ib||^2)
 * </pre>
 *
 * with s_ia the a-th scaled patch (patch / lengthscales) of image i. Built from the generic
 * nodes this is a P x P distance matrix, its profile, a quadratic form and their backward passes
 * per image, ten or so passes over P^2 entries (P = 576 for 5 x 5 patches of a 28 x 28 digit);
 * here each image costs one product S S^T, one pass over its upper triangle and one product
 * for the distance gradient. Each image's value is a scalar, so its gradient for a unit upstream
 * (P x D for the patches, P for the weights) is computed in the forward pass and only scaled in
 * the backward pass; batches too large to keep those (predictions) recompute them instead.
 * Nothing of size P^2 outlives an image, and images are spread over the cores, each range with
 * its own buffers (sums over images run in image order, so the result does not depend on the
 * number of cores). The sums run in another order than the generic graph's: results agree to
 * rounding.
 *
 * <p>Distances that round below zero are clamped to zero and pass no gradient, as in
 * {@code Var.squaredDistances}.
 */
final class PatchVariances {
  private PatchVariances() {}

  /**
   * @param scaled the scaled patches of n images, (n P) x D, patch a of image i in row i P + a
   * @param variance the base kernel's variance, 1 x 1
   * @param w the patch weights, P x 1
   * @param keptEntries at most this many (n P D) gradient entries are kept from the forward pass
   * @return n x 1
   */
  static Var of(Var scaled, Var variance, Var w, int p, RadialFunction f, int keptEntries) {
    int rows = scaled.rows(), d = scaled.cols();
    if (rows % p != 0) {
      throw new IllegalArgumentException(rows + " patch rows are not a whole number of images of " + p + " patches");
    }
    if (w.rows() != p || w.cols() != 1) {
      throw new IllegalArgumentException("patch weights must be " + p + "x1, got " + w.value().shapeString());
    }
    int n = rows / p;
    double var = variance.scalar();
    double norm = 1.0 / ((double) p * p);
    double[] wd = w.value().data();
    // A minibatch keeps each image's gradient for a unit upstream (P x D and P numbers), so the
    // backward pass only scales it; large batches (predictions) recompute instead.
    boolean keep = (scaled.requiresGrad() || w.requiresGrad()) && (long) rows * d <= keptEntries;
    Matrix jacS = keep ? new Matrix(rows, d) : null;
    double[] jacW = keep ? new double[rows] : null;
    double[] sums = new double[n]; // sum_ab w_a w_b f(r2_ab) per image, for the variance gradient
    Matrix out = new Matrix(n, 1);
    forEachImage(n, p, d, (ws, i) -> {
      ws.gram(scaled.value(), i);
      if (keep) {
        sums[i] = ws.backward(wd, f, var * norm, true);
        System.arraycopy(ws.gradS.data(), 0, jacS.data(), i * p * d, p * d);
        System.arraycopy(ws.fw, 0, jacW, i * p, p);
      } else {
        sums[i] = ws.quadraticForm(wd, f);
      }
      out.data()[i] = var * sums[i] * norm;
    });
    return Var.op("convPatchVariances", out, (g, sink) -> {
      double[] gg = g.data();
      boolean wantS = sink.wants(scaled), wantW = sink.wants(w);
      if (sink.wants(variance)) {
        double s = 0;
        for (int i = 0; i < n; i++) s += gg[i] * sums[i];
        sink.accumulate(variance, Matrix.scalar(s * norm));
      }
      if (!wantS && !wantW) return;
      Matrix gs = wantS ? new Matrix(rows, d) : null;
      double[] gwPerImage = new double[rows];
      if (keep) {
        double[] j = jacS.data(), o = wantS ? gs.data() : null;
        for (int i = 0; i < n; i++) {
          double gi = gg[i];
          if (wantS) {
            for (int k = i * p * d; k < (i + 1) * p * d; k++) o[k] = gi * j[k];
          }
          for (int a = 0; a < p; a++) gwPerImage[i * p + a] = gi * jacW[i * p + a];
        }
      } else {
        forEachImage(n, p, d, (ws, i) -> {
          if (gg[i] == 0) return;
          ws.gram(scaled.value(), i);
          ws.backward(wd, f, gg[i] * var * norm, wantS);
          if (wantS) System.arraycopy(ws.gradS.data(), 0, gs.data(), i * p * d, p * d);
          System.arraycopy(ws.fw, 0, gwPerImage, i * p, p);
        });
      }
      if (wantS) sink.accumulate(scaled, gs);
      if (wantW) sink.accumulate(w, PatchSums.sumOverImages(gwPerImage, n, p));
    }, scaled, variance, w);
  }

  private interface ImageTask {
    void run(Workspace ws, int image);
  }

  /** Runs {@code task} for every image, contiguous ranges of images on the cores, one workspace each. */
  private static void forEachImage(int n, int p, int d, ImageTask task) {
    int chunks = Math.min(n, Runtime.getRuntime().availableProcessors());
    IntStream.range(0, chunks).parallel().forEach(c -> {
      Workspace ws = new Workspace(p, d);
      for (int i = (int) ((long) n * c / chunks); i < (int) ((long) n * (c + 1) / chunks); i++) task.run(ws, i);
    });
  }

  /** Buffers for one image at a time: its scaled patches, their Gram and norms, the gradients. */
  private static final class Workspace {
    final int p, d;
    final Matrix s, gram, dr2, gradS;
    final double[] norms, rowSums, fw;
    final LinalgBackend be = Backends.current();

    Workspace(int p, int d) {
      this.p = p;
      this.d = d;
      s = new Matrix(p, d);
      gram = new Matrix(p, p);
      dr2 = new Matrix(p, p);
      gradS = new Matrix(p, d);
      norms = new double[p];
      rowSums = new double[p];
      fw = new double[p];
    }

    /** s = the patches of image i, gram = s s^T (upper triangle used), norms = diag. */
    void gram(Matrix scaled, int i) {
      System.arraycopy(scaled.data(), i * p * d, s.data(), 0, p * d);
      PatchSums.rowSquaredNorms(s.data(), p, d, norms);
      be.gemm(false, true, 1.0, s, s, 0.0, gram);
    }

    private double r2(double[] gd, int a, int b) {
      return Math.max(norms[a] + norms[b] - 2.0 * gd[a * p + b], 0.0);
    }

    /** sum_ab w_a w_b f(r2_ab), from the upper triangle (f(0) on the diagonal). */
    double quadraticForm(double[] w, RadialFunction f) {
      double[] gd = gram.data();
      double f0 = f.value().applyAsDouble(0.0);
      double diag = 0, off = 0;
      for (int a = 0; a < p; a++) {
        diag += w[a] * w[a];
        double row = 0;
        for (int b = a + 1; b < p; b++) row += w[b] * f.value().applyAsDouble(r2(gd, a, b));
        off += w[a] * row;
      }
      return f0 * diag + 2.0 * off;
    }

    /**
     * Returns sum_ab w_a w_b f(r2_ab) and sets, for the image's value times c: fw = its gradient
     * in w, and (if wanted) gradS = its gradient in s. With D_ab = 2 c w_a w_b f'(r2_ab) for
     * a != b (the pair appears twice in the sum) and r2_ab = ||s_a - s_b||^2:
     * d/ds_a = 2 (rowsum_a(D) s_a - (D s)_a), one product; d/dw_a = 2 c (F w)_a.
     */
    double backward(double[] w, RadialFunction f, double c, boolean wantS) {
      double[] gd = gram.data(), dd = dr2.data();
      double f0 = f.value().applyAsDouble(0.0);
      java.util.Arrays.fill(rowSums, 0.0);
      double diag = 0, off = 0;
      for (int a = 0; a < p; a++) {
        fw[a] = f0 * w[a];
        diag += w[a] * w[a];
      }
      for (int a = 0; a < p; a++) {
        double fwa = 0;
        dd[a * p + a] = 0.0;
        for (int b = a + 1; b < p; b++) {
          double r2raw = norms[a] + norms[b] - 2.0 * gd[a * p + b];
          double r2 = Math.max(r2raw, 0.0);
          double fv = f.value().applyAsDouble(r2);
          fwa += fv * w[b];
          fw[b] += fv * w[a];
          if (wantS) {
            double dv = r2raw < 0 ? 0.0 : 2.0 * c * w[a] * w[b] * f.derivative().apply(r2, fv);
            dd[a * p + b] = dv;
            rowSums[a] += dv;
            rowSums[b] += dv;
          }
        }
        fw[a] += fwa;
        off += w[a] * fwa;
      }
      for (int a = 0; a < p; a++) fw[a] *= 2.0 * c;
      if (wantS) {
        for (int a = 0; a < p; a++) {
          for (int b = 0; b < a; b++) dd[a * p + b] = dd[b * p + a];
        }
        be.gemm(false, false, -2.0, dr2, s, 0.0, gradS);
        double[] gsd = gradS.data(), sd = s.data();
        for (int a = 0; a < p; a++) {
          double r = 2.0 * rowSums[a];
          for (int k = 0; k < d; k++) gsd[a * d + k] += r * sd[a * d + k];
        }
      }
      return f0 * diag + 2.0 * off;
    }
  }
}
