package bms.invariance.testing;

import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.invariance.image.AffineWarp;
import bms.kernels.image.ImageShape;

/**
 * Synthetic rotated images: a few prototype patterns (sums of Gaussian bumps at random places,
 * so no prototype is symmetric under rotation), each drawn many times rotated by an angle
 * uniform in [-maxDegrees, maxDegrees] about the image centre and rendered exactly (the bumps are
 * evaluated at the rotated pixel coordinates, no interpolation), plus pixel noise.
 */
public final class RotatedPatterns {
  private RotatedPatterns() {}

  /** One prototype: bump centres (normalised coordinates), widths and heights. */
  private record Prototype(double[] cu, double[] cv, double[] width, double[] height) {}

  private static Prototype prototype(RandomStream rng, int bumps) {
    double[] cu = new double[bumps], cv = new double[bumps], w = new double[bumps], h = new double[bumps];
    for (int k = 0; k < bumps; k++) {
      // Off-centre, inside the circle that stays in the image under every rotation.
      double r = 0.25 + 0.4 * rng.nextDouble(), phi = 2 * Math.PI * rng.nextDouble();
      cu[k] = r * Math.cos(phi);
      cv[k] = r * Math.sin(phi);
      w[k] = 0.15 + 0.1 * rng.nextDouble();
      h[k] = 0.6 + 0.4 * rng.nextDouble();
    }
    return new Prototype(cu, cv, w, h);
  }

  /** Prototype p rotated by {@code degrees}: pixel (u, v) reads the pattern at R(-degrees)(u, v). */
  private static void render(Prototype p, double degrees, ImageShape shape, double[] out, int offset) {
    double a = Math.toRadians(degrees), c = Math.cos(a), s = Math.sin(a);
    for (int i = 0; i < shape.height(); i++) {
      double v = AffineWarp.normalised(i, shape.height());
      for (int j = 0; j < shape.width(); j++) {
        double u = AffineWarp.normalised(j, shape.width());
        double pu = c * u + s * v, pv = -s * u + c * v;
        double value = 0;
        for (int k = 0; k < p.cu().length; k++) {
          double du = pu - p.cu()[k], dv = pv - p.cv()[k];
          value += p.height()[k] * Math.exp(-(du * du + dv * dv) / (2 * p.width()[k] * p.width()[k]));
        }
        out[offset + i * shape.width() + j] = value;
      }
    }
  }

  /**
   * {@code n} images of {@code classes} prototypes (class c has target value {@code targets[c]}),
   * each rotated by a uniform angle in [-maxDegrees, maxDegrees], with N(0, noise^2) pixel noise.
   */
  public static Dataset classes(RandomStream rng, ImageShape shape, int n, double[] targets, double maxDegrees,
      double noise) {
    Prototype[] protos = new Prototype[targets.length];
    for (int c = 0; c < protos.length; c++) protos[c] = prototype(rng, 3);
    Matrix x = new Matrix(n, shape.size());
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      int c = i % targets.length;
      render(protos[c], maxDegrees * (2 * rng.nextDouble() - 1), shape, x.data(), i * shape.size());
      y.set(i, 0, targets[c]);
    }
    for (int i = 0; i < x.size(); i++) x.data()[i] += noise * rng.nextGaussian();
    return new Dataset(x, y);
  }

  /**
   * {@code n} images of one prototype rotated by a uniform angle in [-maxDegrees, maxDegrees], with
   * target sin(pi * cycles * angle / maxDegrees): data with no rotation invariance, whose target
   * any average over a range of angles wider than maxDegrees / cycles washes out (a target linear
   * in the angle would not do: a symmetric average leaves a linear function unchanged).
   */
  public static Dataset angles(RandomStream rng, ImageShape shape, int n, double maxDegrees, double cycles,
      double noise) {
    Prototype p = prototype(rng, 3);
    Matrix x = new Matrix(n, shape.size());
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      double t = 2 * rng.nextDouble() - 1;
      render(p, maxDegrees * t, shape, x.data(), i * shape.size());
      y.set(i, 0, Math.sin(Math.PI * cycles * t));
    }
    for (int i = 0; i < x.size(); i++) x.data()[i] += noise * rng.nextGaussian();
    return new Dataset(x, y);
  }
}
