package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.GradCheck;
import bms.core.testing.RandomCases;
import bms.dgp.testing.InputGradCheck;
import bms.dgp.random.RandomStream;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite differences against autodiff for each likelihood's variational expectations,
 * predictive log density and predictive moments with respect to the latent means and
 * variances (Softmax with fixed noise).
 */
class LikelihoodGradientTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static Likelihood likelihood(int which, int classes) {
    return switch (which) {
      case 0 -> new Gaussian(0.4);
      case 1 -> new Bernoulli();
      case 2 -> new StudentT(3.5, 0.7);
      case 3 -> new Poisson();
      case 4 -> new MultiClass(classes);
      default -> new Softmax(classes, 5);
    };
  }

  private static Matrix targets(int which, int n, int p, int classes, RandomCases rc) {
    Matrix y = new Matrix(n, which >= 4 ? 1 : p);
    for (int i = 0; i < y.size(); i++) {
      y.data()[i] = switch (which) {
        case 1 -> rc.rng().nextInt(2);
        case 3 -> rc.rng().nextInt(5);
        case 4, 5 -> rc.rng().nextInt(classes);
        default -> rc.rng().nextGaussian();
      };
    }
    return y;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void expectationsDensitiesAndMoments(long seed) {
    RandomCases rc = new RandomCases(seed);
    for (int which = 0; which < 6; which++) {
      int classes = rc.dim(2, 4);
      int n = rc.dim(1, 4), p = rc.dim(1, 2);
      Likelihood lik = likelihood(which, classes);
      Matrix y = targets(which, n, p, classes, rc);
      int k = lik.latentCount(y.cols());
      Matrix mu = rc.uniform(n, k, -1.5, 1.5);
      Matrix var = rc.uniform(n, k, 0.1, 1.5);
      check(seed, (m, v) -> lik.variationalExpectations(m, v, y, new RandomStream(seed)), mu, var);
      check(seed, (m, v) -> lik.predictLogDensity(m, v, y, new RandomStream(seed)), mu, var);
      check(seed, (m, v) -> lik.predictMeanAndVar(m, v, new RandomStream(seed)).mean(), mu, var);
      check(seed, (m, v) -> lik.predictMeanAndVar(m, v, new RandomStream(seed)).variance(), mu, var);
    }
  }

  private static void check(long seed, BiFunction<Var, Var, Var> f, Matrix mu, Matrix var) {
    InputGradCheck.check(seed, 1e-5, 1e-5, in -> f.apply(in.get(0), in.get(1)), mu, var);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logNormalCdfGradientIncludingTheTails(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix x = rc.uniform(3, 3, -45, 10);
    GradCheck.withSeed(seed).step(1e-6).tolerance(1e-6).check(in -> NormalCdf.logCdf(in.get(0)), x);
  }
}
