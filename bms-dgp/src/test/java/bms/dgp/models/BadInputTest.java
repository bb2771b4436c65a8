package bms.dgp.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.likelihoods.Poisson;
import bms.dgp.likelihoods.Softmax;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.FullBatch;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Problems;
import bms.dgp.training.MinibatchStream;
import bms.dgp.training.Trainer;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad data gets an IllegalArgumentException whose message names the argument and the problem. */
class BadInputTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(20);
  }

  private static void assertMessage(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
    }
  }

  private static SVGP svgp(int d, int m, bms.dgp.likelihoods.Likelihood lik, int k) {
    return new SVGP(new SquaredExponential(1.0, Matrix.ones(1, d)), lik, new InducingPoints(new Matrix(m, d)), k);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void nonFiniteValuesAreNamedWithTheirPosition(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 8), d = rc.dim(1, 3);
    Dataset data = Problems.regression(rc, n, d, 1);
    int row = rc.rng().nextInt(n), col = rc.rng().nextInt(d);
    double bad = rc.rng().nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY;
    Matrix x = data.x().copy();
    x.set(row, col, bad);
    SVGP model = svgp(d, 2, new Gaussian(0.1), 1);
    String where = "row " + row + ", column " + col;
    assertMessage(() -> model.expectedLogLikelihood(x, data.y(), null), "X", String.valueOf(bad), where);
    assertMessage(() -> new Dataset(x, data.y()), "X", where);
    assertMessage(() -> model.predictF(x), "Xnew", where);
    Matrix y = data.y().copy();
    y.set(row, 0, bad);
    assertMessage(() -> model.expectedLogLikelihood(data.x(), y, null), "Y", "row " + row);
    assertMessage(() -> new GPR(data, new SquaredExponential(1.0, 1.0), 0.1).predictF(x), "Xnew", where);
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).hiddenWidths(2).numInducing(2)
        .build(new RandomStream(seed));
    assertMessage(() -> dgp.expectedLogLikelihood(x, data.y(), new RandomStream(1)), "X", where);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void wrongShapesNameBothSides(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 8), d = rc.dim(1, 3);
    Dataset data = Problems.regression(rc, n, d, 1);
    SVGP model = svgp(d + 1, 2, new Gaussian(0.1), 1);
    assertMessage(() -> model.expectedLogLikelihood(data.x(), data.y(), null), "X has " + d + " columns",
        "inducing points");
    SVGP ok = svgp(d, 2, new Gaussian(0.1), 1);
    Matrix shortY = new Matrix(n + 1, 1);
    assertMessage(() -> ok.expectedLogLikelihood(data.x(), shortY, null), "rows", String.valueOf(n + 1));
    Matrix twoCols = new Matrix(n, 2);
    assertMessage(() -> ok.expectedLogLikelihood(data.x(), twoCols, null), "2 column", "latent");
    assertMessage(() -> ok.layer().q().assign(new Matrix(2, 1), new Matrix(3, 2)), "q_sqrt", "3x2");
    assertMessage(() -> new GPR(data, new SquaredExponential(1.0, 1.0), 0.1).predictF(new Matrix(1, d + 2)),
        "Xnew", "columns");
    DeepGP dgp = new DeepGPBuilder(data.x(), new Gaussian(0.1), 1).numInducing(2).build(new RandomStream(seed));
    assertMessage(() -> dgp.predictLogDensity(new Matrix(3, d + 1), new Matrix(3, 1), 2, new RandomStream(1)), "X",
        "inducing points");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void labelsOutOfRangeOrNotIntegers(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, 8), c = rc.dim(2, 5);
    Matrix x = rc.uniform(n, 2, -1, 1);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) y.data()[i] = rc.rng().nextInt(c);
    int row = rc.rng().nextInt(n);
    double bad = switch (rc.rng().nextInt(3)) {
      case 0 -> c;
      case 1 -> -1;
      default -> 0.5;
    };
    y.set(row, 0, bad);
    for (bms.dgp.likelihoods.Likelihood lik : new bms.dgp.likelihoods.Likelihood[] {new MultiClass(c), new Softmax(c)}) {
      SVGP model = svgp(2, 2, lik, c);
      assertMessage(() -> model.expectedLogLikelihood(x, y, new RandomStream(1)), "Y", "row " + row, "label " + bad,
          "[0, " + (c - 1) + "]");
      assertMessage(() -> new Elbo(model, new Dataset(x, y)), "Y", "row " + row);
    }
    Matrix binary = new Matrix(n, 1);
    binary.set(row, 0, 2.0);
    assertMessage(() -> svgp(2, 2, new Bernoulli(), 1).expectedLogLikelihood(x, binary, null), "Y", "0 or 1");
    Matrix counts = new Matrix(n, 1);
    counts.set(row, 0, -1.0);
    assertMessage(() -> svgp(2, 2, new Poisson(), 1).expectedLogLikelihood(x, counts, null), "Y", "non-negative");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void emptyDataAndImpossibleSettings(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(1, 3), n = rc.dim(2, 6);
    SVGP model = svgp(d, 2, new Gaussian(0.1), 1);
    assertMessage(() -> model.expectedLogLikelihood(new Matrix(0, d), new Matrix(0, 1), null), "X", "empty");
    assertMessage(() -> new Dataset(new Matrix(0, d), new Matrix(0, 1)), "X", "empty");
    Matrix x = rc.uniform(n, d, -1, 1);
    assertMessage(() -> KMeansInit.centres(x, n + 1, new RandomStream(seed)), String.valueOf(n + 1),
        "only " + n + " inputs");
    Dataset data = new Dataset(x, new Matrix(n, 1));
    assertMessage(() -> new MinibatchStream(new RandomStream(1), n, n + 1), "batch size", "[1, " + n + "]");
    assertMessage(() -> new MinibatchStream(new RandomStream(1), n, 1).batch(-1), "step");
    GPR gpr = new GPR(data, new SquaredExponential(1.0, 1.0), 0.1);
    assertMessage(() -> new Trainer(FullBatch.marginalLikelihood(gpr), new RandomStream(1)).batchSize(1),
        "full-batch");
    assertMessage(() -> new Softmax(3).variationalExpectations(bms.core.autodiff.Var.constant(new Matrix(1, 3)),
        bms.core.autodiff.Var.constant(Matrix.ones(1, 3)), new Matrix(1, 1), null), "RandomStream");
  }
}
