package bms.dgp.models;

import bms.core.linalg.Linalg;
import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.init.KMeansInit;
import bms.dgp.init.Pca;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.meanfunctions.Identity;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.random.RandomStream;
import bms.dgp.variational.QForm;
import bms.kernels.Kernel;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Builds a deep GP the way Salimbeni and Deisenroth (2017) initialise theirs (docs/BACKGROUND.md
 * section 3): Z of the first layer at k-means centres of the inputs; for each hidden layer an
 * identity mean where the width stays the same, otherwise a fixed linear map (PCA of the
 * layer's inputs to a smaller width, zero-padded identity to a larger one), with Z and the
 * inputs carried through the same map to the next layer; inner q(u) at the prior scaled by 1e-5
 * and a small white noise (2e-6) on inner layers; a zero mean on the last layer.
 */
public final class DeepGPBuilder {
  private final Matrix x;
  private final Likelihood likelihood;
  private final int outputLatents;
  private int[] hiddenWidths = new int[0];
  private int numInducing = 100;
  private int kmeansMaxPoints = 10_000;
  private int numSamples = 1;
  private QForm form = QForm.FULL;
  private boolean whiten = true;
  private double innerQSqrtScale = 1e-5;
  private double innerWhiteNoise = 2e-6;
  private IntFunction<Kernel> kernels = d -> new SquaredExponential(1.0, Matrix.ones(1, d));

  /**
   * @param x the training inputs (N x D), used for k-means and PCA
   * @param targetColumns the number of columns of Y (the last layer gets
   *     {@code likelihood.latentCount(targetColumns)} outputs)
   */
  public DeepGPBuilder(Matrix x, Likelihood likelihood, int targetColumns) {
    DataChecks.requireData(x, "X");
    if (targetColumns < 1) {
      throw new IllegalArgumentException("targetColumns must be at least 1, got " + targetColumns);
    }
    this.x = x;
    this.likelihood = likelihood;
    this.outputLatents = likelihood.latentCount(targetColumns);
  }

  /** Widths of the hidden layers; none gives a one-layer model (an SVGP). */
  public DeepGPBuilder hiddenWidths(int... widths) {
    for (int w : widths) {
      if (w <= 0) throw new IllegalArgumentException("hidden widths must be positive, got " + w);
    }
    this.hiddenWidths = widths.clone();
    return this;
  }

  public DeepGPBuilder numInducing(int m) {
    if (m < 1) throw new IllegalArgumentException("number of inducing points M must be positive, got " + m);
    this.numInducing = m;
    return this;
  }

  /** k-means runs on at most this many randomly chosen inputs. */
  public DeepGPBuilder kmeansMaxPoints(int n) {
    if (n < 1) throw new IllegalArgumentException("kmeansMaxPoints must be positive, got " + n);
    this.kmeansMaxPoints = n;
    return this;
  }

  public DeepGPBuilder numSamples(int s) {
    if (s < 1) throw new IllegalArgumentException("number of samples S must be at least 1, got " + s);
    this.numSamples = s;
    return this;
  }

  public DeepGPBuilder form(QForm form) {
    this.form = form;
    return this;
  }

  public DeepGPBuilder whiten(boolean whiten) {
    this.whiten = whiten;
    return this;
  }

  public DeepGPBuilder innerQSqrtScale(double scale) {
    this.innerQSqrtScale = scale;
    return this;
  }

  public DeepGPBuilder innerWhiteNoise(double variance) {
    this.innerWhiteNoise = variance;
    return this;
  }

  /** The kernel of each layer, given its input width (default: RBF-ARD, variance 1, lengthscales 1). */
  public DeepGPBuilder kernels(IntFunction<Kernel> kernels) {
    this.kernels = kernels;
    return this;
  }

  /** Builds the model; {@code rng} seeds k-means. */
  public DeepGP build(RandomStream rng) {
    Matrix z = KMeansInit.centres(x, numInducing, kmeansMaxPoints, rng);
    Matrix xRunning = x;
    int dimIn = x.cols();
    List<GPLayer> layers = new ArrayList<>();
    for (int width : hiddenWidths) {
      Matrix w = width == dimIn ? null : Pca.projection(xRunning, width);
      MeanFunction mean = w == null ? new Identity() : Linear.fixed(w);
      layers.add(layer(dimIn, z, mean, width, innerQSqrtScale, innerWhiteNoise));
      if (w != null) {
        // Inputs and Z go through the same map, so the next layer's Z sits where its inputs are.
        xRunning = Linalg.matmul(xRunning, w);
        z = Linalg.matmul(z, w);
      }
      dimIn = width;
    }
    layers.add(layer(dimIn, z, new Zero(), outputLatents, 1.0, 0.0));
    return new DeepGP(layers, likelihood, numSamples);
  }

  private GPLayer layer(int dimIn, Matrix z, MeanFunction mean, int width, double qScale, double white) {
    return new GPLayer(kernels.apply(dimIn), new InducingPoints(z.copy()), mean, width, form, qScale, whiten, white);
  }
}
