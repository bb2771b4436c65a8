package bms.examples.study;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.SVGP;
import bms.dgp.random.RandomStream;
import bms.examples.data.Digits;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.InterpretableAffineOrbit;
import bms.invariance.orbits.RotationOrbit;
import bms.kernels.SquaredExponential;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.convolutional.PatchExtractor;
import bms.kernels.convolutional.PatchShape;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The candidate models of the MNIST studies, all with a Robustmax multi-class likelihood and
 * C = 10 latent GPs, whitened full-covariance q(u), and the same starting hyperparameters
 * where they share a kernel, so that the comparison is about the model and not the start.
 *
 * <p>Starting values (pixels in [0, 1]): RBF variance 10 and one lengthscale of 10 on 28 x 28
 * digits (typical squared distances between digits are 50-100, so kernel values start between
 * exp(-0.5) and exp(-0.25) of the variance, neither flat nor vanishing), scaled by
 * sqrt(D / 784) for pooled digits of D pixels, whose squared distances shrink in proportion. Inducing inputs are
 * training digits drawn at random (the same for every model of a study).
 */
public final class StudyModels {
  /** C, the number of digit classes and of latent GPs. */
  public static final int CLASSES = Digits.CLASSES;
  static final double VARIANCE = 10.0;
  static final double LENGTHSCALE = 10.0;
  /** Half-width of the non-angle affine ranges at the start (log-scale, shear, shift units). */
  static final double AFFINE_START = 0.05;
  /** Names of the seven ranges of {@link InterpretableAffineOrbit}, in its order. */
  static final String[] AFFINE_RANGES = {"angle", "logScaleX", "logScaleY", "shearX", "shearY", "shiftX", "shiftY"};

  private StudyModels() {}

  /** M distinct training inputs drawn with {@code rng}: the inducing inputs of every model. */
  public static Matrix inducingInputs(Matrix x, int m, RandomStream rng) {
    if (m < 1 || m > x.rows()) {
      throw new IllegalArgumentException("inducing points must be in 1.." + x.rows() + ", got " + m);
    }
    return Dataset.rows(x, rng.sampleWithoutReplacement(x.rows(), m));
  }

  /** SVGP with an RBF kernel on the pixels. */
  public static StudyModel svgpRbf(Matrix z) {
    SVGP m = new SVGP(rbf(z.cols()), new MultiClass(CLASSES), new InducingPoints(z.copy()), CLASSES);
    return new StudyModel("svgp-rbf", "SVGP, RBF kernel on the pixels", m, null, Map.of(), 1);
  }

  /**
   * SVGP with the learned-rotation invariant RBF kernel: f(x) = E_a g(rot(x; a)),
   * a ~ U(-alpha, alpha), alpha learned from {@code initialDegrees}; S orbit samples per input.
   */
  public static StudyModel svgpRotation(Matrix z, ImageShape shape, double initialDegrees, int samples) {
    RotationOrbit orbit = new RotationOrbit(shape, initialDegrees, samples, EpsilonSource.perEvaluation());
    Invariant k = Invariant.forVariationalModels(rbf(shape.size()), orbit);
    SVGP m = new SVGP(k, new MultiClass(CLASSES), new InvariantInducingPoints(z.copy()), CLASSES);
    Map<String, Supplier<Double>> ranges = new LinkedHashMap<>();
    ranges.put("angle", () -> orbit.angle().scalar());
    return new StudyModel("svgp-rotation", "SVGP, rotation-invariant RBF (learned angle range)", m, orbit, ranges, 1);
  }

  /**
   * SVGP with the learned interpretable affine invariance (angle, log-scales, shears, shifts,
   * each a learned symmetric range): the angle starts at {@code initialDegrees}, the others at
   * {@link #AFFINE_START}.
   */
  public static StudyModel svgpAffine(Matrix z, ImageShape shape, double initialDegrees, int samples) {
    double r = AFFINE_START;
    InterpretableAffineOrbit orbit = new InterpretableAffineOrbit(shape,
        new InterpretableAffineOrbit.Ranges(initialDegrees, r, r, r, r, r, r), samples,
        EpsilonSource.perEvaluation());
    Invariant k = Invariant.forVariationalModels(rbf(shape.size()), orbit);
    SVGP m = new SVGP(k, new MultiClass(CLASSES), new InvariantInducingPoints(z.copy()), CLASSES);
    Map<String, Supplier<Double>> ranges = new LinkedHashMap<>();
    for (int i = 0; i < AFFINE_RANGES.length; i++) {
      int k2 = i;
      ranges.put(AFFINE_RANGES[i], () -> orbit.range(k2).scalar());
    }
    return new StudyModel("svgp-affine", "SVGP, affine-invariant RBF (learned angle, scale, shear, shift ranges)", m,
        orbit, ranges, 1);
  }

  /**
   * A deep GP with one hidden layer of {@code width} GPs (Salimbeni and Deisenroth's
   * initialisation: PCA mean function, inner q near the prior) and the Robustmax output layer;
   * M inducing inputs per layer at training digits, S samples per point in training and
   * {@code predictionSamples} in prediction.
   */
  public static StudyModel deepGp(Matrix x, int m, int width, int samples, int predictionSamples, RandomStream rng) {
    return deepGp("dgp", x, m, new int[] {width}, samples, predictionSamples, rng);
  }

  /**
   * A deep GP with the given hidden widths (one per hidden layer: {@code {30}} is a two-layer
   * DGP, {@code {30, 30}} a three-layer one) and the Robustmax output layer, initialised as
   * {@link #deepGp(Matrix, int, int, int, int, RandomStream)}.
   */
  public static StudyModel deepGp(String name, Matrix x, int m, int[] widths, int samples, int predictionSamples,
      RandomStream rng) {
    DeepGP dgp = new DeepGPBuilder(x, new MultiClass(CLASSES), 1)
        .hiddenWidths(widths)
        .numInducing(m)
        .kmeansMaxPoints(m) // k-means on M of the points: the inducing inputs are M random digits
        .numSamples(samples)
        .kernels(d -> d == x.cols()
            ? rbf(d)
            // PCA scores of digits spread over a few units per direction.
            : new SquaredExponential(1.0, Matrix.filled(1, d, 2.0 * Math.sqrt(d))))
        .build(rng);
    String hidden = widths.length == 1 ? "hidden width " + widths[0]
        : "hidden widths " + java.util.Arrays.toString(widths);
    return new StudyModel(name, "deep GP, " + (widths.length + 1) + " layers (" + hidden + "), RBF kernels", dgp, null,
        Map.of(), predictionSamples);
  }

  /**
   * SVGP with the weighted convolutional kernel (van der Wilk, Rasmussen and Hensman 2017): an
   * RBF on {@code patch x patch} patches (stride {@code stride}), learned patch weights,
   * M inducing patches drawn from the training images' patches that hold some ink.
   */
  public static StudyModel convGp(Matrix x, int side, int m, int patch, int stride, RandomStream rng) {
    bms.kernels.image.ImageShape image = bms.kernels.image.ImageShape.gray(side, side);
    PatchShape shape = new PatchShape(patch, patch, stride, stride);
    Matrix z = inkPatches(x, new PatchExtractor(image, shape), m, rng);
    // Patch values lie in [0, 1]^(w*w): a lengthscale of about 1 separates strokes from background.
    SquaredExponential base = new SquaredExponential(VARIANCE, 1.0);
    Convolutional k = Convolutional.weighted(base, image, shape);
    SVGP svgp = new SVGP(k, new MultiClass(CLASSES), new InducingPatches(z), CLASSES);
    return new StudyModel("conv", "SVGP, weighted convolutional kernel (" + patch + "x" + patch + " patches, RBF)",
        svgp, null, Map.of(), 1);
  }

  /**
   * A deep convolutional GP (Blomqvist, Kaski and Heinonen 2020): {@code layers - 1} hidden
   * convolutional layers of {@code channels} GPs on {@code patch x patch} patches (stride
   * {@code stride}, zero padding (patch - 1) / 2, so stride 1 keeps the image size), each with the
   * fixed centre-pixel mean, then a weighted convolutional, TICK or dense Robustmax output layer
   * ({@code outputPatch x outputPatch} patches, stride 1). RBF patch kernels of variance
   * {@link #VARIANCE} and lengthscale 1 (patch values lie in [0, 1]; as {@link #convGp}), a dense
   * output on the flattened map with the pixel RBF's scaling. M inducing patches per layer drawn
   * from distinct patches of the layer's inputs; S samples per point.
   */
  public static StudyModel deepConv(Matrix x, int side, int m, int layers, int channels, int patch, int stride,
      bms.dgp.models.DeepConvolutionalGPBuilder.Output output, int outputPatch, int samples, int predictionSamples,
      RandomStream rng) {
    if (layers < 1) throw new IllegalArgumentException("--layers must be >= 1, got " + layers);
    bms.kernels.image.ImageShape image = bms.kernels.image.ImageShape.gray(side, side);
    bms.dgp.models.DeepConvolutionalGPBuilder b = new bms.dgp.models.DeepConvolutionalGPBuilder(x, image,
        new MultiClass(CLASSES), 1)
        .numInducing(m)
        .numSamples(samples)
        .initImages(Math.min(x.rows(), 500))
        .output(output, outputPatch, 1);
    for (int l = 0; l + 1 < layers; l++) b.hidden(channels, patch, stride, (patch - 1) / 2);
    b.kernels(d -> new SquaredExponential(VARIANCE, 1.0)).denseKernel(StudyModels::rbf);
    DeepGP dgp = b.build(rng);
    String desc = "deep convolutional GP, " + layers + " layers (" + (layers - 1) + " x " + channels + " channels of "
        + patch + "x" + patch + " patches, stride " + stride + "), " + output.name().toLowerCase() + " output";
    return new StudyModel("deep-conv", desc, dgp, null, Map.of(), predictionSamples);
  }

  /** M distinct patches of random training images whose ink sums to at least one full pixel. */
  static Matrix inkPatches(Matrix x, PatchExtractor patches, int m, RandomStream rng) {
    int p = patches.numPatches();
    int size = patches.patchSize();
    Matrix out = new Matrix(m, size);
    java.util.Set<String> seen = new java.util.HashSet<>();
    int found = 0;
    for (int tries = 0; found < m && tries < 1000 * m; tries++) {
      int image = rng.nextInt(x.rows());
      Matrix all = patches.extract(Var.constant(Dataset.rows(x, new int[] {image}))).value();
      int k = rng.nextInt(p);
      double ink = 0;
      for (int e = 0; e < size; e++) ink += all.get(k, e);
      if (ink < 1.0) continue;
      double[] row = new double[size];
      System.arraycopy(all.data(), k * size, row, 0, size);
      if (!seen.add(java.util.Arrays.toString(row))) continue;
      System.arraycopy(row, 0, out.data(), found * size, size);
      found++;
    }
    if (found < m) {
      throw new IllegalArgumentException("found only " + found + " distinct patches with ink; ask for fewer than "
          + m + " inducing patches");
    }
    return out;
  }

  private static SquaredExponential rbf(int pixels) {
    return new SquaredExponential(VARIANCE, LENGTHSCALE * Math.sqrt(pixels / 784.0));
  }
}
