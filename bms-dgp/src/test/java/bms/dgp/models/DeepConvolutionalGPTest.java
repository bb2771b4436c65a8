package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.conditionals.Marginals;
import bms.dgp.convolutional.PatchGeometry;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.InputGradCheck;
import bms.dgp.testing.ParameterGradCheck;
import bms.dgp.variational.QForm;
import bms.kernels.SquaredExponential;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.image.ImageShape;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutional layers inside a deep GP ({@link GPLayer#convolutional},
 * {@link DeepConvolutionalGPBuilder}): gradients, agreement with the convolutional SVGP,
 * translation equivariance of hidden layers, and shape errors.
 */
class DeepConvolutionalGPTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(12);
  }

  private static ImageShape smallImage(RandomCases rc) {
    return ImageShape.interleaved(rc.dim(4, 6), rc.dim(4, 6), rc.dim(1, 2));
  }

  /** A hidden convolutional layer with random patches, kernel, inducing patches, q and a linear mean. */
  private static GPLayer randomLayer(RandomCases rc, PatchGeometry g, int channels, boolean whiten) {
    int m = rc.dim(2, 4);
    SquaredExponential k = new SquaredExponential(0.5 + rc.rng().nextDouble(), 1.0 + rc.rng().nextDouble());
    Linear mean = new Linear(g.centrePixelMap(channels));
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    GPLayer layer = GPLayer.convolutional(g, k, new InducingPoints(rc.uniform(m, g.patchSize(), 0, 1)), mean,
        channels, form, 0.5, whiten, 1e-3).setJitter(JitterPolicy.NONE_FIRST);
    layer.q().qMu().assign(rc.matrix(m, channels));
    return layer;
  }

  private static PatchGeometry randomGeometry(RandomCases rc, ImageShape image) {
    int pad = rc.dim(0, 1);
    int patch = rc.dim(1, Math.min(3, Math.min(image.height(), image.width())));
    return PatchGeometry.square(image, patch, rc.dim(1, 2), pad);
  }

  /** d(marginals)/d(images) and d(marginals)/d(parameters) by finite differences. */
  @ParameterizedTest
  @MethodSource("seeds")
  void layerGradients(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = smallImage(rc);
    PatchGeometry g = randomGeometry(rc, image);
    GPLayer layer = randomLayer(rc, g, rc.dim(1, 3), rc.rng().nextBoolean());
    Matrix x = rc.uniform(rc.dim(1, 3), image.size(), 0, 1);
    InputGradCheck.check(seed, 1e-6, 1e-6, in -> {
      Marginals f = layer.marginals(in.get(0));
      return f.mean().add(f.variance().mulScalar(0.7));
    }, x);
    Matrix w1 = rc.matrix(x.rows(), layer.outputDim()), w2 = rc.matrix(x.rows(), layer.outputDim());
    ParameterGradCheck.check(layer, () -> {
      Marginals f = layer.marginals(Var.constant(x));
      return f.mean().mul(Var.constant(w1)).sum().add(f.variance().mul(Var.constant(w2)).sum());
    }, 1e-5, 1e-5);
  }

  private static DeepGP randomModel(RandomCases rc, ImageShape image, int hiddenLayers, Dataset data, Likelihood lik) {
    DeepConvolutionalGPBuilder b = new DeepConvolutionalGPBuilder(data.x(), image, lik, 1)
        .numInducing(3)
        .numSamples(rc.dim(1, 2))
        .form(rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL)
        .whiten(rc.rng().nextBoolean())
        .trainableMeans(rc.rng().nextBoolean())
        .innerQSqrtScale(0.3)
        .kernels(d -> new SquaredExponential(1.0, 0.7 + 0.5 * Math.sqrt(d)));
    for (int l = 0; l < hiddenLayers; l++) b.hidden(rc.dim(1, 2), 2, 1, l == 0 ? rc.dim(0, 1) : 0);
    DeepConvolutionalGPBuilder.Output[] kinds = DeepConvolutionalGPBuilder.Output.values();
    b.output(kinds[rc.rng().nextInt(kinds.length)], 2, 1);
    DeepGP dgp = b.build(new RandomStream(rc.seed()));
    for (GPLayer l : dgp.layers()) l.setJitter(JitterPolicy.NONE_FIRST);
    // Move q(u) away from its start so that no gradient is trivially zero.
    for (GPLayer l : dgp.layers()) {
      Matrix mu = l.q().qMu().value().copy();
      for (int i = 0; i < mu.size(); i++) mu.data()[i] += 0.3 * rc.rng().nextGaussian();
      l.q().qMu().assign(mu);
    }
    return dgp;
  }

  private static Dataset images(RandomCases rc, ImageShape image, int n) {
    return new Dataset(rc.uniform(n, image.size(), 0, 1), rc.matrix(n, 1));
  }

  /** The doubly stochastic bound of 2- and 3-layer deep convolutional GPs, with fixed noise. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void boundGradientsOfTwoAndThreeLayers(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = ImageShape.interleaved(rc.dim(4, 5), rc.dim(4, 5), rc.dim(1, 2));
    Dataset data = images(rc, image, rc.dim(3, 4));
    int hidden = 1 + (int) Math.floorMod(seed, 2L);
    DeepGP dgp = randomModel(rc, image, hidden, data, new Gaussian(0.3));
    assertEquals(hidden + 1, dgp.layers().size());
    Elbo elbo = new Elbo(dgp, data);
    ParameterGradCheck.check(dgp, () -> elbo.evaluate(null, new RandomStream(seed + 3)), 1e-5, 1e-5);
  }

  /** With no hidden layer the model is the convolutional SVGP: the same bound, bit for bit. */
  @ParameterizedTest
  @MethodSource("seeds")
  void oneLayerModelIsTheConvolutionalSvgp(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = smallImage(rc);
    int classes = rc.dim(2, 4);
    Matrix x = rc.uniform(rc.dim(3, 6), image.size(), 0, 1);
    Matrix y = new Matrix(x.rows(), 1);
    for (int i = 0; i < y.size(); i++) y.data()[i] = rc.rng().nextInt(classes);
    Dataset data = new Dataset(x, y);
    int patch = rc.dim(1, 3), stride = rc.dim(1, 2);
    DeepGP dgp = new DeepConvolutionalGPBuilder(x, image, new MultiClass(classes), 1).numInducing(3)
        .output(DeepConvolutionalGPBuilder.Output.WEIGHTED, patch, stride).build(new RandomStream(seed));
    GPLayer only = dgp.layers().get(0);
    Convolutional k = Convolutional.weighted(new SquaredExponential(1.0, 1.0), image,
        ((Convolutional) only.kernel()).patches().patch());
    SVGP svgp = new SVGP(k, new MultiClass(classes), new InducingPatches(
        ((InducingPoints) only.inducing()).z().value().copy()), classes);
    // Random values for every parameter, the same in both models.
    for (Map.Entry<String, Parameter> e : dgp.trainableParameters().entrySet()) {
      Matrix u = e.getValue().unconstrained();
      for (int i = 0; i < u.size(); i++) u.data()[i] += 0.2 * rc.rng().nextGaussian();
      e.getValue().setUnconstrained(u);
      String path = e.getKey().replaceFirst("^layers\\[0\\]\\.", "");
      svgp.parameters().get(path).setUnconstrained(u);
    }
    assertEquals(dgp.trainableParameters().size(), svgp.trainableParameters().size());
    double a = new Elbo(dgp, data).evaluate(null, new RandomStream(seed)).scalar();
    double b = new Elbo(svgp, data).evaluate(null, new RandomStream(seed)).scalar();
    assertTrue(Double.isFinite(a));
    assertEquals(b, a, 0.0);
  }

  /**
   * The weighted convolutional kernel sums one patch response function over the patches:
   * (1/P) sum_p w_p g(x[p]). A hidden layer with that g (same kernel, Z and q) has the patch
   * means whose weighted sum is the convolutional SVGP's mean; with a single patch (P = 1) the
   * variances agree too.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void patchMeansSumToTheConvolutionalSvgpMean(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = smallImage(rc);
    boolean single = rc.rng().nextBoolean();
    PatchGeometry g = single ? new PatchGeometry(image, bms.kernels.convolutional.PatchShape.of(image.height(),
        image.width()), 0) : PatchGeometry.square(image, rc.dim(1, 3), rc.dim(1, 2), 0);
    int k = rc.dim(1, 3), m = rc.dim(2, 4);
    boolean whiten = rc.rng().nextBoolean();
    SquaredExponential base = new SquaredExponential(0.5 + rc.rng().nextDouble(), 1.0 + rc.rng().nextDouble());
    Matrix z = rc.uniform(m, g.patchSize(), 0, 1);
    GPLayer layer = GPLayer.convolutional(g, base, new InducingPoints(z.copy()), new Zero(), k, QForm.FULL, 0.5,
        whiten, 0.0);
    Convolutional conv = Convolutional.weighted(new SquaredExponential(base.variance().scalar(),
        base.lengthscales().value().get(0, 0)), image, g.patch());
    Matrix w = rc.uniform(g.numPatches(), 1, 0.5, 1.5);
    conv.weights().assign(w);
    SVGP svgp = new SVGP(conv, new Gaussian(1.0), new InducingPatches(z.copy()), new Zero(), k, QForm.FULL, whiten);
    Matrix mu = rc.matrix(m, k);
    layer.q().qMu().assign(mu);
    svgp.layer().q().qMu().assign(mu);
    Matrix sq = layer.q().qSqrt().value().copy();
    for (int i = 0; i < sq.size(); i++) sq.data()[i] *= 1 + 0.3 * rc.rng().nextDouble();
    layer.q().qSqrt().assign(sq);
    svgp.layer().q().qSqrt().assign(sq);

    Matrix x = rc.uniform(rc.dim(1, 4), image.size(), 0, 1);
    Marginals perPatch = layer.marginals(Var.constant(x));
    Marginals f = svgp.predictF(x);
    int p = g.numPatches();
    for (int n = 0; n < x.rows(); n++) {
      for (int c = 0; c < k; c++) {
        double sum = 0;
        for (int q = 0; q < p; q++) sum += w.get(q, 0) * perPatch.mean().value().get(n, q * k + c);
        double expected = f.mean().value().get(n, c);
        assertEquals(expected, sum / p, 1e-10 * Math.max(1, Math.abs(expected)));
        if (single) {
          double v = f.variance().value().get(n, c) / (w.get(0, 0) * w.get(0, 0));
          assertEquals(v, perPatch.variance().value().get(n, c), 1e-10 * Math.max(1, v));
        }
      }
    }
  }

  /** Images shifted right and down by (sx, sy) pixels, filled with zeros. */
  private static Matrix shift(Matrix x, ImageShape s, int sy, int sx) {
    Matrix out = new Matrix(x.rows(), x.cols());
    int c = s.channels();
    for (int n = 0; n < x.rows(); n++) {
      for (int yy = sy; yy < s.height(); yy++) {
        for (int xx = sx; xx < s.width(); xx++) {
          for (int ch = 0; ch < c; ch++) {
            out.set(n, (yy * s.width() + xx) * c + ch, x.get(n, ((yy - sy) * s.width() + (xx - sx)) * c + ch));
          }
        }
      }
    }
    return out;
  }

  /**
   * A hidden stack (one or two convolutional layers, the second fed the first's mean) commutes
   * with shifts: an image shifted by (ky, kx) strides gives the output shifted by (ky, kx)
   * locations, wherever the original's receptive field stays inside the part of the image the
   * shift keeps (zero padding and the zeros shifted in agree).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void hiddenLayersAreTranslationEquivariant(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = ImageShape.interleaved(rc.dim(6, 9), rc.dim(6, 9), rc.dim(1, 2));
    int stride = rc.dim(1, 2), patch = rc.dim(1, 3), pad = rc.dim(0, 1);
    PatchGeometry g1 = PatchGeometry.square(image, patch, stride, pad);
    GPLayer first = randomLayer(rc, g1, rc.dim(1, 2), rc.rng().nextBoolean());
    boolean two = stride == 1 && rc.rng().nextBoolean();
    GPLayer second = two ? randomLayer(rc, PatchGeometry.square(g1.outputShape(first.numLatent()), 2, 1, 0),
        rc.dim(1, 2), true) : null;
    int ky = rc.dim(0, 1), kx = ky == 0 ? 1 : rc.dim(0, 1);
    Matrix x = rc.uniform(rc.dim(1, 2), image.size(), 0, 1);
    Matrix xs = shift(x, image, ky * stride, kx * stride);
    Marginals a = first.marginals(Var.constant(x)), b = first.marginals(Var.constant(xs));
    ImageShape out = g1.outputShape(first.numLatent());
    int field = patch; // receptive field side in input pixels
    if (two) {
      a = second.marginals(a.mean());
      b = second.marginals(b.mean());
      out = second.patches().outputShape(second.numLatent());
      field = patch + 1;
    }
    int compared = 0;
    for (int py = ky; py < out.height(); py++) {
      for (int px = kx; px < out.width(); px++) {
        int oy = py - ky, ox = px - kx;
        boolean inside = oy * stride - pad + field - 1 <= image.height() - 1 - ky * stride
            && ox * stride - pad + field - 1 <= image.width() - 1 - kx * stride;
        if (!inside) continue;
        for (int n = 0; n < x.rows(); n++) {
          for (int c = 0; c < out.channels(); c++) {
            int to = (py * out.width() + px) * out.channels() + c, from = (oy * out.width() + ox) * out.channels() + c;
            assertEquals(a.mean().value().get(n, from), b.mean().value().get(n, to), 1e-12);
            assertEquals(a.variance().value().get(n, from), b.variance().value().get(n, to), 1e-12);
          }
        }
        compared++;
      }
    }
    assertTrue(compared > 0 || out.height() <= ky + 1 || out.width() <= kx + 1, "nothing compared");
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void featureMapShapesFollowPatchStrideAndPadding(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = ImageShape.interleaved(rc.dim(5, 9), rc.dim(5, 9), rc.dim(1, 3));
    int patch = rc.dim(1, 4), stride = rc.dim(1, 3), pad = rc.dim(0, 2), c = rc.dim(1, 4);
    PatchGeometry g = PatchGeometry.square(image, patch, stride, pad);
    GPLayer layer = randomLayer(rc, g, c, true);
    Matrix x = rc.uniform(2, image.size(), 0, 1);
    ImageShape out = g.outputShape(c);
    assertEquals((image.height() + 2 * pad - patch) / stride + 1, out.height());
    assertEquals((image.width() + 2 * pad - patch) / stride + 1, out.width());
    Marginals f = layer.marginals(Var.constant(x));
    assertEquals(2, f.mean().rows());
    assertEquals(out.size(), f.mean().cols());
    assertEquals(out.size(), layer.outputDim());
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void badShapesAreNamed(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = ImageShape.interleaved(rc.dim(3, 5), rc.dim(3, 5), rc.dim(1, 2));
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> PatchGeometry.square(image, image.height() + 1, 1, 0));
    assertTrue(big.getMessage().contains("larger than the " + image.height() + "x" + image.width()), big.getMessage());

    PatchGeometry g = PatchGeometry.square(image, 2, 1, 0);
    GPLayer first = randomLayer(rc, g, 3, true);
    ImageShape wrongChannels = g.outputShape(2);
    GPLayer second = randomLayer(rc, PatchGeometry.square(wrongChannels, 2, 1, 0), 1, true);
    IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
        () -> new DeepGP(List.of(first, second), new Gaussian(0.1), 1));
    assertTrue(ch.getMessage().contains("channels do not match: 3 out, 2 in"), ch.getMessage());

    GPLayer ok = randomLayer(rc, PatchGeometry.square(g.outputShape(3), 2, 1, 0), 1, true);
    DeepGP dgp = new DeepGP(List.of(first, ok), new Gaussian(0.1), 1);
    IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
        () -> dgp.propagate(new Matrix(2, image.size() + 1), 1, new RandomStream(seed)));
    assertTrue(cols.getMessage().contains("X has " + (image.size() + 1) + " columns"), cols.getMessage());

    IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
        () -> GPLayer.convolutional(g, new SquaredExponential(1.0, 1.0), new InducingPoints(new Matrix(3,
            g.patchSize() + 1)), new Zero(), 1, QForm.FULL, 1.0, true, 0.0));
    assertTrue(z.getMessage().contains("must have " + g.patchSize() + " columns"), z.getMessage());

    Matrix x = rc.uniform(3, image.size(), 0, 1);
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new DeepConvolutionalGPBuilder(x, image, new Gaussian(0.1), 1).numInducing(1000)
            .output(DeepConvolutionalGPBuilder.Output.WEIGHTED, 2, 1).build(new RandomStream(seed)));
    assertTrue(m.getMessage().contains("distinct rows"), m.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageShape.interleaved(0, 3, 1));
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> PatchGeometry.square(image, 2, 1, -1));
    assertTrue(neg.getMessage().contains("padding"), neg.getMessage());
  }

  /** Hidden layers start as the identity: with q(u) at zero mean, each output is the centre pixel. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void centrePixelMeanPassesTheImageOn(long seed) {
    RandomCases rc = new RandomCases(seed);
    ImageShape image = smallImage(rc);
    int patch = 2 * rc.dim(0, 1) + 1;
    PatchGeometry g = PatchGeometry.square(image, patch, 1, (patch - 1) / 2);
    GPLayer layer = GPLayer.convolutional(g, new SquaredExponential(1.0, 1.0),
        new InducingPoints(rc.uniform(3, g.patchSize(), 0, 1)), Linear.fixed(g.centrePixelMap(image.channels())),
        image.channels(), QForm.FULL, 1e-5, true, 0.0);
    Matrix x = rc.uniform(2, image.size(), 0, 1);
    assertEquals(image, g.outputShape(image.channels()));
    assertArrayEquals(x.data(), layer.marginals(Var.constant(x)).mean().value().data(), 0.0);
  }
}
