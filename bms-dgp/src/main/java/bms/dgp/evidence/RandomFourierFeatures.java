package bms.dgp.evidence;

import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.random.RandomStream;
import bms.kernels.Matern12;
import bms.kernels.Matern32;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.Stationary;

/**
 * Random Fourier features of a stationary kernel (Rahimi and Recht 2007): by Bochner's theorem
 * k(x - x') = s_f^2 E_w cos(w^T (x - x')) for w drawn from the kernel's normalised spectral
 * density, so phi(x) = sqrt(2 s_f^2 / F) cos(W^T x + b), b ~ U(0, 2 pi), has E phi(x)^T phi(x') =
 * k(x, x'). The spectral densities: squared exponential, w ~ N(0, diag(l^-2)); Matern nu,
 * a multivariate Student t with 2 nu degrees of freedom scaled by 1 / l.
 *
 * <p>A Bayesian linear model on these features with unit prior variance is a finite-basis
 * approximation of the GP; its evidence and posterior are exact for that finite model.
 */
public final class RandomFourierFeatures {
  private final Matrix frequencies; // D x F
  private final double[] phases;    // F
  private final double amplitude;   // sqrt(2 s_f^2 / F)

  private RandomFourierFeatures(Matrix frequencies, double[] phases, double amplitude) {
    this.frequencies = frequencies;
    this.phases = phases;
    this.amplitude = amplitude;
  }

  /**
   * F features of {@code kernel} (squared exponential or Matern 1/2, 3/2, 5/2, on all inputs) for
   * D-dimensional inputs, drawn from {@code rng}.
   */
  public static RandomFourierFeatures of(Stationary kernel, int inputDim, int count, RandomStream rng) {
    if (count < 1) throw new IllegalArgumentException("feature count must be positive, got " + count);
    if (inputDim < 1) throw new IllegalArgumentException("input dimension must be positive, got " + inputDim);
    if (kernel.activeDims() != null) {
      throw new IllegalArgumentException("random Fourier features need a kernel on all inputs (no active dims)");
    }
    double dof = degreesOfFreedom(kernel);
    Matrix l = kernel.lengthscales().value();
    if (l.cols() != 1 && l.cols() != inputDim) {
      throw new IllegalArgumentException("the kernel has " + l.cols() + " lengthscales for " + inputDim + " inputs");
    }
    Matrix w = new Matrix(inputDim, count);
    double[] b = new double[count];
    for (int f = 0; f < count; f++) {
      double chi = 1;
      if (dof > 0) { // w = z / sqrt(u / nu2), u ~ chi^2 with nu2 = 2 nu degrees of freedom
        double u = 0;
        for (int k = 0; k < (int) dof; k++) {
          double g = rng.nextGaussian();
          u += g * g;
        }
        chi = Math.sqrt(u / dof);
      }
      for (int d = 0; d < inputDim; d++) {
        double ld = l.get(0, l.cols() == 1 ? 0 : d);
        w.set(d, f, rng.nextGaussian() / (chi * ld));
      }
      b[f] = 2 * Math.PI * rng.nextDouble();
    }
    return new RandomFourierFeatures(w, b, Math.sqrt(2 * kernel.variance().scalar() / count));
  }

  /** 2 nu for Matern kernels (the t's degrees of freedom), 0 for the squared exponential (Gaussian). */
  private static double degreesOfFreedom(Stationary kernel) {
    if (kernel instanceof SquaredExponential) return 0;
    if (kernel instanceof Matern12) return 1;
    if (kernel instanceof Matern32) return 3;
    if (kernel instanceof Matern52) return 5;
    throw new IllegalArgumentException("no random Fourier features for " + kernel.getClass().getSimpleName()
        + "; supported: SquaredExponential, Matern12, Matern32, Matern52");
  }

  public int count() {
    return phases.length;
  }

  public int inputDim() {
    return frequencies.rows();
  }

  /** Phi(X), N x F. */
  public Matrix features(Matrix x) {
    DataChecks.requireData(x, "X");
    DataChecks.requireCols(x, "X", inputDim(), "the features were drawn for that many inputs");
    int n = x.rows(), d = inputDim(), f = count();
    Matrix phi = new Matrix(n, f);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double s = phases[j];
        for (int k = 0; k < d; k++) s += x.get(i, k) * frequencies.get(k, j);
        phi.set(i, j, amplitude * Math.cos(s));
      }
    }
    return phi;
  }
}
