package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.conditionals.Marginals;
import bms.dgp.likelihoods.Gaussian;
import bms.kernels.SquaredExponential;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import bms.kernels.inducing.InducingPatches;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SVGP with a convolutional kernel and inducing patches takes whole images as inputs, although
 * its Z holds patches (narrower than the images).
 */
class ConvolutionalSvgpTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** Whitened q(u) at the prior (mean 0, q_sqrt = I) gives f the prior marginals N(0, k(x, x)). */
  @ParameterizedTest
  @MethodSource("seeds")
  void priorQGivesThePriorMarginalsOnWholeImages(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(4, 7), w = rc.dim(2, 3), m = rc.dim(1, 5), n = rc.dim(1, 6);
    ImageShape image = ImageShape.gray(side, side);
    Convolutional k = Convolutional.weighted(new SquaredExponential(1.0 + rc.rng().nextDouble(), 1.5), image,
        PatchShape.of(w, w));
    SVGP model = new SVGP(k, new Gaussian(0.1), new InducingPatches(rc.uniform(m, w * w, 0, 1)), 2);
    Matrix x = rc.uniform(n, side * side, 0, 1);
    Marginals f = model.predictF(x);
    Matrix prior = k.Kdiag(Var.constant(x)).value();
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 2; c++) {
        assertEquals(0.0, f.mean().value().get(i, c), 1e-12);
        assertEquals(prior.get(i, 0), f.variance().value().get(i, c), 1e-9 * (1 + prior.get(i, 0)));
      }
    }
  }
}
