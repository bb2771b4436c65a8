package bms.kernels.convolutional;

import bms.core.autodiff.Var;
import bms.core.linalg.Backends;
import bms.core.linalg.LinalgBackend;
import bms.core.matrix.Matrix;
import bms.kernels.RadialFunction;
import java.util.stream.IntStream;

/**
 * The weighted patch sums behind the convolutional kernel's Kuf for a radial base kernel,
 * variance * f(r^2), as one node:
 *
 * <pre>
 *   out[i, m] = variance * sum_p w_p f(||s_ip - z_m||^2)      (n x M; Kuf = out^T / P)
 * </pre>
 *
 * with s_ip the p-th scaled patch of image i and z_m the m-th scaled inducing patch. The
 * generic graph forms the (n P) x M distances, their profile and the patch sums as separate
 * nodes, each with a backward pass, and recomputes them block by block: ten or so passes over
 * (n P) M entries. Here a block of images costs one product S Z^T and one pass forward; the
 * backward pass recomputes the product, makes one pass and two products (the gradients of the
 * patches and of Z). Blocks hold at most {@code blockEntries} patch-Gram entries, so memory is
 * bounded for any batch; the images of a block are spread over the cores (each writes only its
 * own rows, and per-image partial sums are added in image order, so the result does not depend
 * on the number of cores). Distances that round below zero are clamped to zero and pass no
 * gradient, as in {@code Var.squaredDistances}.
 */
final class PatchInducingSums {
  private PatchInducingSums() {}

  /**
   * @param scaled scaled image patches, (n P) x D, patch p of image i in row i P + p
   * @param scaledZ scaled inducing patches, M x D
   * @param variance 1 x 1
   * @param w patch weights, P x 1
   * @return n x M
   */
  static Var of(Var scaled, Var scaledZ, Var variance, Var w, int p, RadialFunction f, int blockEntries) {
    int rows = scaled.rows(), d = scaled.cols(), m = scaledZ.rows();
    if (scaledZ.cols() != d) {
      throw new IllegalArgumentException("inducing patches are " + scaledZ.cols() + "-dimensional but the image "
          + "patches have " + d + " entries");
    }
    if (rows % p != 0) {
      throw new IllegalArgumentException(rows + " patch rows are not a whole number of images of " + p + " patches");
    }
    if (w.rows() != p || w.cols() != 1) {
      throw new IllegalArgumentException("patch weights must be " + p + "x1, got " + w.value().shapeString());
    }
    int n = rows / p;
    int imagesPerBlock = (int) Math.max(1, Math.min(n, blockEntries / ((long) p * m)));
    double var = variance.scalar();
    double[] wd = w.value().data();
    Matrix zv = scaledZ.value();
    double[] zNorms = PatchSums.rowSquaredNorms(zv.data(), m, d, new double[m]);
    double[] xNorms = PatchSums.rowSquaredNorms(scaled.value().data(), rows, d, new double[rows]);
    Matrix out = new Matrix(n, m);
    double[] o = out.data();
    Block full = new Block(imagesPerBlock, p, m, d);
    for (int i0 = 0; i0 < n; i0 += imagesPerBlock) {
      int bi = Math.min(imagesPerBlock, n - i0);
      Block block = bi == imagesPerBlock ? full : new Block(bi, p, m, d);
      Matrix gram = block.gram(scaled.value(), zv, i0);
      double[] gd = gram.data();
      int first = i0;
      IntStream.range(0, bi).parallel().forEach(i -> {
        int dst = (first + i) * m;
        for (int q = 0; q < p; q++) {
          int row = i * p + q;
          double xn = xNorms[first * p + row], wq = wd[q];
          for (int j = 0; j < m; j++) {
            double r2 = Math.max(-2.0 * gd[row * m + j] + xn + zNorms[j], 0.0);
            o[dst + j] += wq * f.value().applyAsDouble(r2);
          }
        }
        for (int j = 0; j < m; j++) o[dst + j] *= var;
      });
    }
    return Var.op("convPatchInducingSums", out, (g, sink) -> {
      double[] gg = g.data();
      boolean wantX = sink.wants(scaled), wantZ = sink.wants(scaledZ);
      boolean wantW = sink.wants(w), wantVar = sink.wants(variance);
      Matrix gx = wantX ? new Matrix(rows, d) : null;
      Matrix gz = wantZ ? new Matrix(m, d) : null;
      double[] colSums = new double[m];
      double[] gwPerImage = new double[n * p];
      double[] gvarPerImage = new double[n];
      Block fullBack = new Block(imagesPerBlock, p, m, d);
      for (int i0 = 0; i0 < n; i0 += imagesPerBlock) {
        int bi = Math.min(imagesPerBlock, n - i0);
        Block back = bi == imagesPerBlock ? fullBack : new Block(bi, p, m, d);
        Matrix gram = back.gram(scaled.value(), zv, i0);
        double[] gd = gram.data(), dd = back.dr2.data();
        double[] rowSums = back.rowSums;
        int first = i0;
        IntStream.range(0, bi).parallel().forEach(i -> {
          int gRow = (first + i) * m;
          double gvar = 0;
          for (int q = 0; q < p; q++) {
            int row = i * p + q;
            double xn = xNorms[first * p + row], wq = wd[q];
            double gw = 0, rs = 0;
            for (int j = 0; j < m; j++) {
              double r2raw = -2.0 * gd[row * m + j] + xn + zNorms[j];
              double r2 = Math.max(r2raw, 0.0);
              double fv = f.value().applyAsDouble(r2);
              double gij = gg[gRow + j];
              gw += gij * fv;
              double dv = r2raw < 0 ? 0.0 : gij * var * wq * f.derivative().apply(r2, fv);
              dd[row * m + j] = dv;
              rs += dv;
            }
            gwPerImage[(first + i) * p + q] = var * gw;
            gvar += wq * gw;
            rowSums[row] = rs;
          }
          gvarPerImage[first + i] = gvar;
        });
        back.distanceGradients(zv, i0, gx, gz, colSums);
      }
      if (wantZ) {
        // dZ = 2 (diag(colsum dR2) Z - dR2^T S): the product part was added block by block.
        double[] gzd = gz.data(), z = zv.data();
        for (int j = 0; j < m; j++) {
          for (int k = 0; k < d; k++) gzd[j * d + k] += 2.0 * colSums[j] * z[j * d + k];
        }
        sink.accumulate(scaledZ, gz);
      }
      if (wantX) sink.accumulate(scaled, gx);
      if (wantW) sink.accumulate(w, PatchSums.sumOverImages(gwPerImage, n, p));
      if (wantVar) {
        double s = 0;
        for (double v : gvarPerImage) s += v;
        sink.accumulate(variance, Matrix.scalar(s));
      }
    }, scaled, scaledZ, variance, w);
  }

  /** Buffers for one block of images: its patches, their Gram with Z, the distance adjoints. */
  private static final class Block {
    final int p, m, d;
    final Matrix patches, gram, dr2, gradPatches;
    final double[] rowSums;
    final LinalgBackend be = Backends.current();

    Block(int images, int p, int m, int d) {
      this.p = p;
      this.m = m;
      this.d = d;
      patches = new Matrix(images * p, d);
      gram = new Matrix(images * p, m);
      dr2 = new Matrix(images * p, m);
      gradPatches = new Matrix(images * p, d);
      rowSums = new double[images * p];
    }

    /** The Gram S Z^T of the block's images, starting at image i0. */
    Matrix gram(Matrix scaled, Matrix z, int i0) {
      System.arraycopy(scaled.data(), i0 * p * d, patches.data(), 0, patches.size());
      be.gemm(false, true, 1.0, patches, z, 0.0, gram);
      return gram;
    }

    /**
     * With dR2 and its row sums filled for the block: adds the block's rows of
     * dS = 2 (diag(rowsum dR2) S - dR2 Z) to gx, and -2 dR2^T S to gz with the column sums of dR2
     * to colSums (the diag(colsum) Z part is added once at the end).
     */
    void distanceGradients(Matrix z, int i0, Matrix gx, Matrix gz, double[] colSums) {
      int r = patches.rows();
      Matrix s = patches, dd = dr2;
      double[] ddd = dd.data();
      if (gz != null) {
        for (int i = 0; i < r; i++) {
          for (int j = 0; j < m; j++) colSums[j] += ddd[i * m + j];
        }
        be.gemm(true, false, -2.0, dd, s, 1.0, gz);
      }
      if (gx != null) {
        Matrix gs = gradPatches;
        be.gemm(false, false, -2.0, dd, z, 0.0, gs);
        double[] gsd = gs.data(), sd = s.data(), gxd = gx.data();
        int off = i0 * p * d;
        for (int i = 0; i < r; i++) {
          double c = 2.0 * rowSums[i];
          for (int k = 0; k < d; k++) gxd[off + i * d + k] = gsd[i * d + k] + c * sd[i * d + k];
        }
      }
    }

  }
}
