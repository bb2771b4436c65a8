package bms.invariance.image;

import bms.kernels.image.ImageShape;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * A differentiable affine image warp (a spatial transformer): an affine sampling grid followed
 * by bilinear interpolation with zeros outside the image, batched over N images and S
 * transformations, with analytic gradients with respect to the pixels and to the six affine
 * parameters.
 *
 * <p>Coordinates. Pixel (i, j) (row i from the top, column j from the left) has its centre at
 * normalised coordinates {@code u_j = -1 + 2 j / (W - 1)} (x, to the right) and
 * {@code v_i = -1 + 2 i / (H - 1)} (y, downwards): the centres of the corner pixels sit exactly
 * on +-1 ("align corners"). The grid is symmetric about the image centre, so rotations by
 * multiples of 90 degrees of a square image and flips map pixel centres onto pixel centres, and
 * a shift by {@code 2k / (W - 1)} is a shift by k whole pixels.
 *
 * <p>An affine row {@code a = [a0, a1, a2, a3, a4, a5]} (the spatial-transformer layout) sends
 * output pixel (u, v) to the source point
 * <pre>
 *   u' = a0 u + a1 v + a2,     v' = a3 u + a4 v + a5,
 * </pre>
 * i.e. {@code (u', v') = A (u, v) + b} with {@code A = [[a0, a1], [a3, a4]]}, {@code b = (a2, a5)};
 * the identity is {@code [1, 0, 0, 0, 1, 0]}. The output is the bilinear interpolation of the
 * source image at {@code (u', v')}, in pixel units {@code x = (u' + 1)(W - 1)/2},
 * {@code y = (v' + 1)(H - 1)/2}:
 * <pre>
 *   out = (1-fx)(1-fy) I[y0][x0] + fx(1-fy) I[y0][x0+1] + (1-fx) fy I[y0+1][x0] + fx fy I[y0+1][x0+1]
 * </pre>
 * with {@code x0 = floor(x)}, {@code fx = x - x0} (likewise y) and any neighbour outside the image
 * read as 0 (so the image fades to zero over one pixel beyond its border). The output is linear
 * in the pixels and piecewise smooth in {@code a}; the derivative jumps where a source
 * coordinate crosses an integer (a set of measure zero), and there the one-sided derivative of
 * the cell that contains the point ({@code x0 = floor(x)}) is returned.
 *
 * <p>Images are matrix rows in the channel-major layout of {@link ImageShape}; all channels of an
 * image share one sampling grid. Output rows are item-major: row {@code n * S + s} is image n
 * under transformation s, so {@code groupMean(S)} averages over the transformations.
 */
public final class AffineWarp {
  /** Number of entries of one affine row. */
  public static final int PARAMS = 6;

  private AffineWarp() {}

  /**
   * Every image under every transformation: {@code affine} is S x 6 and the result is
   * (N*S) x (C*H*W), row {@code n * S + s} being image n warped by affine row s.
   */
  public static Var warpAll(Var images, Var affine, ImageShape shape) {
    checkInputs(images, affine, shape);
    if (affine.rows() < 1) {
      throw new IllegalArgumentException("affine parameters need at least one row, got " + affine.describe());
    }
    return warp(images, affine, shape, affine.rows(), false);
  }

  /**
   * One transformation per output row: {@code affine} is (N*S) x 6 and row {@code n * S + s} of
   * the result is image n warped by affine row {@code n * S + s}.
   */
  public static Var warpEach(Var images, Var affine, ImageShape shape, int samples) {
    checkInputs(images, affine, shape);
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }
    if (affine.rows() != images.rows() * samples) {
      throw new IllegalArgumentException("warpEach needs N*S = " + images.rows() + "*" + samples + " = "
          + images.rows() * samples + " affine rows, got " + affine.describe());
    }
    return warp(images, affine, shape, samples, true);
  }

  /** {@code rows} copies of the identity transformation [1, 0, 0, 0, 1, 0]. */
  public static Matrix identity(int rows) {
    Matrix m = new Matrix(rows, PARAMS);
    for (int r = 0; r < rows; r++) {
      m.data()[r * PARAMS] = 1.0;
      m.data()[r * PARAMS + 4] = 1.0;
    }
    return m;
  }

  /** The normalised coordinate of pixel centre {@code k} on an axis of {@code n >= 2} pixels. */
  public static double normalised(int k, int n) {
    return -1.0 + 2.0 * k / (n - 1);
  }

  /**
   * The source point, in pixel units {x (column), y (row)}, that output pixel (i, j) reads under
   * the affine row {@code a}; exposed so that tests can keep away from the integer kinks.
   */
  public static double[] sourcePixel(double[] a, int i, int j, ImageShape shape) {
    int h = shape.height(), w = shape.width();
    double u = normalised(j, w), v = normalised(i, h);
    double x = (a[0] * u + a[1] * v + a[2] + 1) * 0.5 * (w - 1);
    double y = (a[3] * u + a[4] * v + a[5] + 1) * 0.5 * (h - 1);
    return new double[] {x, y};
  }

  private static void checkInputs(Var images, Var affine, ImageShape shape) {
    shape.requireColumns("images", images.cols());
    shape.requireLayout(ImageShape.Layout.PLANAR, "the affine warp");
    if (shape.height() < 2 || shape.width() < 2) {
      throw new IllegalArgumentException("the warp needs images of at least 2x2 pixels, got " + shape);
    }
    if (affine.cols() != PARAMS) {
      throw new IllegalArgumentException("affine parameters must have 6 columns [a0..a5], got " + affine.describe());
    }
    int bad = affine.value().firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException("affine parameters have a non-finite entry " + affine.value().data()[bad]
          + " at row " + bad / PARAMS + ", column " + bad % PARAMS);
    }
  }

  private static Var warp(Var images, Var affine, ImageShape shape, int samples, boolean perRow) {
    Plan plan = new Plan(images.value().data(), affine.value().data(), shape, images.rows(), samples, perRow);
    Matrix out = new Matrix(images.rows() * samples, shape.size());
    plan.forward(out.data());
    return Var.op("affineWarp", out, (g, sink) -> {
      boolean wantImages = sink.wants(images);
      boolean wantAffine = sink.wants(affine);
      Matrix gImages = wantImages ? new Matrix(images.rows(), images.cols()) : null;
      Matrix gAffine = wantAffine ? new Matrix(affine.rows(), PARAMS) : null;
      plan.backward(g.data(), gImages == null ? null : gImages.data(), gAffine == null ? null : gAffine.data());
      if (wantImages) sink.accumulate(images, gImages);
      if (wantAffine) sink.accumulate(affine, gAffine);
    }, images, affine);
  }

  /** The loops of the forward and backward passes over primitive arrays (no per-pixel objects). */
  private static final class Plan {
    private final double[] img;
    private final double[] aff;
    private final int n;
    private final int samples;
    private final boolean perRow;
    private final int channels;
    private final int h;
    private final int w;
    private final int plane;
    private final int size;
    private final double halfW;
    private final double halfH;
    private final double[] gridU;
    private final double[] gridV;

    Plan(double[] img, double[] aff, ImageShape shape, int n, int samples, boolean perRow) {
      this.img = img;
      this.aff = aff;
      this.n = n;
      this.samples = samples;
      this.perRow = perRow;
      this.channels = shape.channels();
      this.h = shape.height();
      this.w = shape.width();
      this.plane = shape.plane();
      this.size = shape.size();
      this.halfW = 0.5 * (w - 1);
      this.halfH = 0.5 * (h - 1);
      this.gridU = new double[w];
      this.gridV = new double[h];
      for (int j = 0; j < w; j++) gridU[j] = normalised(j, w);
      for (int i = 0; i < h; i++) gridV[i] = normalised(i, h);
    }

    void forward(double[] out) {
      for (int item = 0; item < n; item++) {
        int inBase = item * size;
        for (int s = 0; s < samples; s++) {
          int ab = (perRow ? item * samples + s : s) * PARAMS;
          double a0 = aff[ab], a1 = aff[ab + 1], a2 = aff[ab + 2];
          double a3 = aff[ab + 3], a4 = aff[ab + 4], a5 = aff[ab + 5];
          int outBase = (item * samples + s) * size;
          for (int i = 0; i < h; i++) {
            double v = gridV[i];
            double cx = a1 * v + a2 + 1, cy = a4 * v + a5 + 1;
            for (int j = 0; j < w; j++) {
              double u = gridU[j];
              double x = (a0 * u + cx) * halfW;
              double y = (a3 * u + cy) * halfH;
              if (!(x > -1 && x < w && y > -1 && y < h)) continue; // all four neighbours are outside
              int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
              double fx = x - x0, fy = y - y0;
              boolean inX0 = x0 >= 0, inX1 = x0 + 1 < w, inY0 = y0 >= 0, inY1 = y0 + 1 < h;
              double w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
              for (int c = 0; c < channels; c++) {
                int p = inBase + c * plane + y0 * w + x0;
                double val = 0;
                if (inY0) {
                  if (inX0) val += w00 * img[p];
                  if (inX1) val += w01 * img[p + 1];
                }
                if (inY1) {
                  if (inX0) val += w10 * img[p + w];
                  if (inX1) val += w11 * img[p + w + 1];
                }
                out[outBase + c * plane + i * w + j] = val;
              }
            }
          }
        }
      }
    }

    /**
     * dL/dI scatters each output gradient back to its four neighbours with the bilinear
     * weights; dL/da follows the source point:
     * dout/dx = (1-fy)(I01 - I00) + fy(I11 - I10), dout/dy = (1-fx)(I10 - I00) + fx(I11 - I01),
     * dx/du' = (W-1)/2, and du'/d(a0, a1, a2) = (u, v, 1) (likewise v' for a3, a4, a5).
     */
    void backward(double[] g, double[] gImg, double[] gAff) {
      for (int item = 0; item < n; item++) {
        int inBase = item * size;
        for (int s = 0; s < samples; s++) {
          int ab = (perRow ? item * samples + s : s) * PARAMS;
          double a0 = aff[ab], a1 = aff[ab + 1], a2 = aff[ab + 2];
          double a3 = aff[ab + 3], a4 = aff[ab + 4], a5 = aff[ab + 5];
          int outBase = (item * samples + s) * size;
          double g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0;
          for (int i = 0; i < h; i++) {
            double v = gridV[i];
            double cx = a1 * v + a2 + 1, cy = a4 * v + a5 + 1;
            for (int j = 0; j < w; j++) {
              double u = gridU[j];
              double x = (a0 * u + cx) * halfW;
              double y = (a3 * u + cy) * halfH;
              if (!(x > -1 && x < w && y > -1 && y < h)) continue;
              int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
              double fx = x - x0, fy = y - y0;
              boolean inX0 = x0 >= 0, inX1 = x0 + 1 < w, inY0 = y0 >= 0, inY1 = y0 + 1 < h;
              double dx = 0, dy = 0;
              for (int c = 0; c < channels; c++) {
                double go = g[outBase + c * plane + i * w + j];
                if (go == 0) continue;
                int p = inBase + c * plane + y0 * w + x0;
                double i00 = inY0 && inX0 ? img[p] : 0;
                double i01 = inY0 && inX1 ? img[p + 1] : 0;
                double i10 = inY1 && inX0 ? img[p + w] : 0;
                double i11 = inY1 && inX1 ? img[p + w + 1] : 0;
                if (gImg != null) {
                  if (inY0 && inX0) gImg[p] += go * (1 - fx) * (1 - fy);
                  if (inY0 && inX1) gImg[p + 1] += go * fx * (1 - fy);
                  if (inY1 && inX0) gImg[p + w] += go * (1 - fx) * fy;
                  if (inY1 && inX1) gImg[p + w + 1] += go * fx * fy;
                }
                dx += go * ((1 - fy) * (i01 - i00) + fy * (i11 - i10));
                dy += go * ((1 - fx) * (i10 - i00) + fx * (i11 - i01));
              }
              if (gAff != null) {
                dx *= halfW;
                dy *= halfH;
                g0 += dx * u;
                g1 += dx * v;
                g2 += dx;
                g3 += dy * u;
                g4 += dy * v;
                g5 += dy;
              }
            }
          }
          if (gAff != null) {
            gAff[ab] += g0;
            gAff[ab + 1] += g1;
            gAff[ab + 2] += g2;
            gAff[ab + 3] += g3;
            gAff[ab + 4] += g4;
            gAff[ab + 5] += g5;
          }
        }
      }
    }
  }
}
