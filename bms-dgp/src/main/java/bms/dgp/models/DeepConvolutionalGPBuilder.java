package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.convolutional.PatchGeometry;
import bms.dgp.data.DataChecks;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.random.RandomStream;
import bms.dgp.variational.QForm;
import bms.kernels.Kernel;
import bms.kernels.SquaredExponential;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import bms.kernels.convolutional.Tick;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.inducing.LocatedInducingPatches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Builds a deep convolutional GP (Blomqvist, Kaski and Heinonen 2020): hidden convolutional
 * layers ({@link GPLayer#convolutional}) that each map an image to a feature map, then an output
 * layer on the last feature map: a weighted convolutional GP, a TICK GP, or a dense GP on the
 * flattened map.
 *
 * <p>Initialisation, in the spirit of {@link DeepGPBuilder}: each hidden layer has the fixed
 * "identity" mean (the centre pixel of each patch, {@link PatchGeometry#centrePixelMap}), so the
 * image travels through the stack while the GPs start near their prior scaled by 1e-5 with a
 * small white noise; the training images are carried through these means to the next layer,
 * and each layer's inducing patches are M distinct patches of its own inputs, drawn at random
 * (exact duplicates, such as the many blank patches of digits, are drawn only once).
 */
public final class DeepConvolutionalGPBuilder {
  /** The kind of the output layer. */
  public enum Output {
    /** Weighted convolutional kernel (van der Wilk, Rasmussen and Hensman 2017) on the last feature map. */
    WEIGHTED,
    /** Translation insensitive convolutional kernel (Dutordoir et al. 2020) on the last feature map. */
    TICK,
    /** A dense GP on the flattened last feature map. */
    DENSE
  }

  private record Hidden(int channels, int patch, int stride, int padding) {}

  private final Matrix x;
  private final ImageShape image;
  private final Likelihood likelihood;
  private final int outputLatents;
  private final List<Hidden> hidden = new ArrayList<>();
  private Output output = Output.WEIGHTED;
  private int outputPatch = 3;
  private int outputStride = 1;
  private int numInducing = 100;
  private int initImages = 500;
  private int numSamples = 1;
  private QForm form = QForm.FULL;
  private boolean whiten = true;
  private boolean trainableMeans = false;
  private double innerQSqrtScale = 1e-5;
  private double innerWhiteNoise = 2e-6;
  private double tickLengthscale = 0.5;
  private IntFunction<Kernel> kernels = d -> new SquaredExponential(1.0, 1.0);
  private IntFunction<Kernel> denseKernel = null;

  /**
   * @param x the training images, one per row in {@code image}'s layout
   * @param targetColumns the columns of Y (the output layer has {@code likelihood.latentCount(targetColumns)} GPs)
   */
  public DeepConvolutionalGPBuilder(Matrix x, ImageShape image, Likelihood likelihood, int targetColumns) {
    DataChecks.requireData(x, "X");
    if (x.cols() != image.size()) {
      throw new IllegalArgumentException("X has " + x.cols() + " columns but " + image.height() + "x" + image.width()
          + "x" + image.channels() + " images have " + image.size());
    }
    if (targetColumns < 1) {
      throw new IllegalArgumentException("targetColumns must be at least 1, got " + targetColumns);
    }
    this.x = x;
    this.image = image;
    this.likelihood = likelihood;
    this.outputLatents = likelihood.latentCount(targetColumns);
  }

  /** Appends a hidden convolutional layer of {@code channels} GPs on square patches. */
  public DeepConvolutionalGPBuilder hidden(int channels, int patch, int stride, int padding) {
    if (channels < 1) throw new IllegalArgumentException("channels must be positive, got " + channels);
    if (patch < 1 || stride < 1) {
      throw new IllegalArgumentException("patch and stride must be positive, got " + patch + " and " + stride);
    }
    if (padding < 0) throw new IllegalArgumentException("padding must be >= 0, got " + padding);
    hidden.add(new Hidden(channels, patch, stride, padding));
    return this;
  }

  /** The output layer; {@code patch} and {@code stride} are ignored for {@link Output#DENSE}. */
  public DeepConvolutionalGPBuilder output(Output kind, int patch, int stride) {
    if (patch < 1 || stride < 1) {
      throw new IllegalArgumentException("patch and stride must be positive, got " + patch + " and " + stride);
    }
    this.output = java.util.Objects.requireNonNull(kind, "output kind");
    this.outputPatch = patch;
    this.outputStride = stride;
    return this;
  }

  /** M, inducing patches (or points) per layer. */
  public DeepConvolutionalGPBuilder numInducing(int m) {
    if (m < 1) throw new IllegalArgumentException("number of inducing patches M must be positive, got " + m);
    this.numInducing = m;
    return this;
  }

  /** Inducing patches are drawn from at most this many training images. */
  public DeepConvolutionalGPBuilder initImages(int n) {
    if (n < 1) throw new IllegalArgumentException("initImages must be positive, got " + n);
    this.initImages = n;
    return this;
  }

  public DeepConvolutionalGPBuilder numSamples(int s) {
    if (s < 1) throw new IllegalArgumentException("number of samples S must be at least 1, got " + s);
    this.numSamples = s;
    return this;
  }

  public DeepConvolutionalGPBuilder form(QForm form) {
    this.form = form;
    return this;
  }

  public DeepConvolutionalGPBuilder whiten(boolean whiten) {
    this.whiten = whiten;
    return this;
  }

  /** Whether the hidden layers' linear means are trained (from the centre-pixel start) or fixed. */
  public DeepConvolutionalGPBuilder trainableMeans(boolean trainable) {
    this.trainableMeans = trainable;
    return this;
  }

  public DeepConvolutionalGPBuilder innerQSqrtScale(double scale) {
    this.innerQSqrtScale = scale;
    return this;
  }

  public DeepConvolutionalGPBuilder innerWhiteNoise(double variance) {
    this.innerWhiteNoise = variance;
    return this;
  }

  /** The TICK output's starting location lengthscale (locations are normalised to [0, 1]). */
  public DeepConvolutionalGPBuilder tickLengthscale(double lengthscale) {
    this.tickLengthscale = lengthscale;
    return this;
  }

  /**
   * The patch kernel of each layer given its input width: the patch size for convolutional
   * layers, the flattened feature map for a dense output unless {@link #denseKernel} is set
   * (default: RBF, variance 1, lengthscale 1).
   */
  public DeepConvolutionalGPBuilder kernels(IntFunction<Kernel> kernels) {
    this.kernels = kernels;
    return this;
  }

  /** The kernel of a dense output layer given the flattened feature map's width (default: {@link #kernels}). */
  public DeepConvolutionalGPBuilder denseKernel(IntFunction<Kernel> kernel) {
    this.denseKernel = kernel;
    return this;
  }

  /** Builds the model; {@code rng} draws the inducing patches. */
  public DeepGP build(RandomStream rng) {
    Matrix running = firstImages(rng);
    ImageShape shape = image;
    List<GPLayer> layers = new ArrayList<>();
    for (Hidden h : hidden) {
      PatchGeometry g = PatchGeometry.square(shape, h.patch(), h.stride(), h.padding());
      Matrix patches = g.patches(Var.constant(running)).value();
      Matrix z = distinctRows(patches, numInducing, rng, "layer " + layers.size() + "'s patches");
      Matrix a = g.centrePixelMap(h.channels());
      Linear mean = trainableMeans ? new Linear(a) : Linear.fixed(a);
      layers.add(GPLayer.convolutional(g, kernels.apply(g.patchSize()), new InducingPoints(z), mean, h.channels(), form,
          innerQSqrtScale, whiten, innerWhiteNoise));
      // The next layer's inputs: these images through the mean (the GPs start near zero).
      running = Var.constant(patches).matmul(Var.constant(a)).value().reshape(running.rows(),
          g.numPatches() * h.channels());
      shape = g.outputShape(h.channels());
    }
    layers.add(outputLayer(shape, running, rng));
    return new DeepGP(layers, likelihood, numSamples);
  }

  private GPLayer outputLayer(ImageShape shape, Matrix running, RandomStream rng) {
    String where = "the output layer's inputs";
    if (output == Output.DENSE) {
      Matrix z = distinctRows(running, numInducing, rng, where);
      Kernel k = (denseKernel != null ? denseKernel : kernels).apply(shape.size());
      return new GPLayer(k, new InducingPoints(z), new Zero(), outputLatents, form, 1.0,
          whiten, 0.0);
    }
    PatchGeometry g = PatchGeometry.square(shape, outputPatch, outputStride, 0);
    Matrix patches = g.patches(Var.constant(running)).value();
    int[] picked = distinctRowIndices(patches, numInducing, rng, where);
    Matrix z = Dataset.rows(patches, picked);
    Kernel base = kernels.apply(g.patchSize());
    if (output == Output.WEIGHTED) {
      return new GPLayer(Convolutional.weighted(base, shape, g.patch()), new InducingPatches(z), new Zero(),
          outputLatents, form, 1.0, whiten, 0.0);
    }
    Matrix all = g.locations();
    Matrix loc = new Matrix(picked.length, 2);
    for (int i = 0; i < picked.length; i++) {
      int p = picked[i] % g.numPatches();
      loc.set(i, 0, all.get(p, 0));
      loc.set(i, 1, all.get(p, 1));
    }
    Tick k = new Tick(base, shape, g.patch(), true, tickLengthscale, null);
    return new GPLayer(k, new LocatedInducingPatches(z, loc), new Zero(), outputLatents, form, 1.0, whiten, 0.0);
  }

  private Matrix firstImages(RandomStream rng) {
    if (initImages >= x.rows()) return x;
    return Dataset.rows(x, rng.sampleWithoutReplacement(x.rows(), initImages));
  }

  private static Matrix distinctRows(Matrix m, int count, RandomStream rng, String what) {
    return Dataset.rows(m, distinctRowIndices(m, count, rng, what));
  }

  /** {@code count} rows of m with pairwise different values, in random order. */
  private static int[] distinctRowIndices(Matrix m, int count, RandomStream rng, String what) {
    int[] order = rng.sampleWithoutReplacement(m.rows(), m.rows());
    int[] out = new int[count];
    Set<List<Double>> seen = new HashSet<>();
    int found = 0;
    for (int i = 0; i < order.length && found < count; i++) {
      double[] row = Arrays.copyOfRange(m.data(), order[i] * m.cols(), (order[i] + 1) * m.cols());
      if (seen.add(Arrays.stream(row).boxed().toList())) out[found++] = order[i];
    }
    if (found < count) {
      throw new IllegalArgumentException("only " + found + " distinct rows among " + what + "; ask for at most "
          + found + " inducing patches (M = " + count + ")");
    }
    return out;
  }
}
