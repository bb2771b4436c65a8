package bms.dgp.models;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import bms.core.param.LowerTriangularBijector;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.likelihoods.Poisson;
import bms.dgp.likelihoods.Softmax;
import bms.dgp.likelihoods.StudentT;
import bms.dgp.meanfunctions.Constant;
import bms.dgp.meanfunctions.Linear;
import bms.dgp.meanfunctions.MeanFunction;
import bms.dgp.meanfunctions.Zero;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.ParameterGradCheck;
import bms.dgp.testing.Problems;
import bms.dgp.variational.QForm;
import bms.kernels.inducing.InducingPoints;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite differences against autodiff for every model's bound with respect to every trainable
 * parameter (unconstrained), on small random problems. Sampled bounds (deep GPs, Softmax) use
 * a fresh stream with the same seed at each evaluation, so the noise is fixed.
 */
class BoundGradientTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /**
   * Moves every trainable parameter away from its initial value, so no gradient is trivially
   * zero. Diagonals of triangular q_sqrt factors are scaled rather than shifted, so they stay
   * away from zero, where log|R| has its singularity.
   */
  private static void randomise(java.util.Map<String, Parameter> params, Random rng) {
    for (Parameter p : params.values()) {
      Matrix u = p.unconstrained();
      boolean triangular = p.bijector() == LowerTriangularBijector.INSTANCE;
      int m = u.cols();
      for (int i = 0; i < u.size(); i++) {
        int r = i / m % Math.max(1, m), c = i % m;
        if (triangular && c > r) continue;
        if (triangular && c == r) u.data()[i] *= Math.exp(0.3 * rng.nextGaussian());
        else u.data()[i] += 0.3 * rng.nextGaussian() * (triangular ? Math.abs(u.data()[i - c + r]) : 1.0);
      }
      p.setUnconstrained(u);
    }
  }

  /** For an unwhitened model, q_sqrt starts at chol(Kuu) (the prior), not at I. */
  private static void priorScaleQSqrt(GPLayer layer) {
    if (layer.whiten() || layer.q().form() != QForm.FULL) return;
    Matrix lu = layer.kuuCholesky().value();
    int m = lu.rows(), k = layer.numLatent();
    Matrix stacked = new Matrix(k * m, m);
    for (int b = 0; b < k; b++) System.arraycopy(lu.data(), 0, stacked.data(), b * m * m, m * m);
    layer.q().qSqrt().assign(stacked);
  }

  private static MeanFunction mean(RandomCases rc, int d, int k) {
    return switch (rc.rng().nextInt(3)) {
      case 0 -> new Zero();
      case 1 -> new Constant(rc.matrix(1, k));
      default -> new Linear(scaled(rc.matrix(d, k), 0.3), rc.matrix(1, k));
    };
  }

  private static Matrix scaled(Matrix m, double s) {
    for (int i = 0; i < m.size(); i++) m.data()[i] *= s;
    return m;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gprMarginalLikelihood(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3), p = rc.dim(1, 2);
    Dataset data = Problems.regression(rc, rc.dim(3, 8), d, p);
    GPR gpr = new GPR(data, Problems.kernel(rc, d), mean(rc, d, p), 0.1 + rc.rng().nextDouble());
    ParameterGradCheck.check(gpr, gpr::logMarginalLikelihood);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sgprCollapsedBound(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3), p = rc.dim(1, 2);
    Dataset data = Problems.regression(rc, rc.dim(4, 9), d, p);
    SGPR sgpr = new SGPR(data, Problems.kernel(rc, d), new InducingPoints(Problems.spreadPoints(rc, rc.dim(2, 4), d, 1.0)),
        mean(rc, d, p), 0.1 + rc.rng().nextDouble()).setJitter(JitterPolicy.NONE_FIRST);
    ParameterGradCheck.check(sgpr, sgpr::elbo);
  }

  private static Likelihood likelihood(int which, int classes) {
    return switch (which) {
      case 0 -> new Gaussian(0.3);
      case 1 -> new Bernoulli();
      case 2 -> new StudentT(4.0, 0.5);
      case 3 -> new Poisson();
      case 4 -> new MultiClass(classes);
      default -> new Softmax(classes, 4);
    };
  }

  /** Targets that suit likelihood {@code which}. */
  private static Matrix targets(int which, Dataset data, int classes, Random rng) {
    Matrix y = data.y().copy();
    for (int i = 0; i < y.size(); i++) {
      double v = y.data()[i];
      y.data()[i] = switch (which) {
        case 1 -> v > 0 ? 1 : 0;
        case 3 -> Math.floor(Math.exp(v / 2));
        case 4, 5 -> rng.nextInt(classes);
        default -> v;
      };
    }
    return y;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void svgpElboForEveryLikelihoodFormAndWhitening(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 2);
    int which = (int) (Math.abs(seed) % 6);
    int classes = rc.dim(2, 3);
    int p = which >= 4 ? 1 : rc.dim(1, 2);
    Dataset raw = Problems.regression(rc, rc.dim(3, 7), d, p);
    Dataset data = new Dataset(raw.x(), targets(which, raw, classes, rc.rng()));
    Likelihood lik = likelihood(which, classes);
    int k = lik.latentCount(p);
    QForm form = rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL;
    boolean whiten = rc.rng().nextBoolean();
    SVGP svgp = new SVGP(Problems.kernel(rc, d), lik, new InducingPoints(Problems.spreadPoints(rc, rc.dim(2, 4), d, 1.0)),
        mean(rc, d, k), k, form, whiten).setJitter(JitterPolicy.NONE_FIRST);
    priorScaleQSqrt(svgp.layer());
    randomise(svgp.trainableParameters(), rc.rng());
    // A minibatch of part of the data, scaled by N/B.
    int[] batch = new RandomStream(seed).sampleWithoutReplacement(data.size(), Math.max(2, data.size() - 1));
    Elbo elbo = new Elbo(svgp, data);
    ParameterGradCheck.check(svgp, () -> elbo.evaluate(batch, new RandomStream(seed + 1)), 1e-5, 1e-5);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void deepGpElboWithFixedNoise(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3);
    Dataset data = Problems.regression(rc, rc.dim(3, 6), d, 1);
    int width = rc.dim(1, 3);
    int layers = rc.dim(2, 3);
    int[] widths = new int[layers - 1];
    java.util.Arrays.fill(widths, width);
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.2), 1)
        .hiddenWidths(widths)
        .numInducing(Math.min(3, data.size()))
        .numSamples(rc.dim(1, 3))
        .form(rc.rng().nextBoolean() ? QForm.FULL : QForm.DIAGONAL)
        .whiten(rc.rng().nextBoolean())
        .innerQSqrtScale(0.3)
        .build(new RandomStream(seed));
    for (GPLayer l : dgp.layers()) l.setJitter(JitterPolicy.NONE_FIRST);
    randomise(dgp.trainableParameters(), rc.rng());
    Elbo elbo = new Elbo(dgp, data);
    List<String> paths = List.copyOf(dgp.trainableParameters().keySet());
    if (paths.isEmpty()) throw new AssertionError("no parameters");
    ParameterGradCheck.check(dgp, () -> elbo.evaluate(null, new RandomStream(seed + 2)), 1e-5, 1e-5);
  }
}
