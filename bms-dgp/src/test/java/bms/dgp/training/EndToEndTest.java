package bms.dgp.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Categorical;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.likelihoods.Softmax;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Short training runs on easy problems: the models learn what they should. */
class EndToEndTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(10);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void multiClassSvgpSeparatesBlobs(long seed) {
    RandomCases rc = new RandomCases(seed);
    int c = 3, per = 20;
    Matrix x = new Matrix(c * per, 2);
    Matrix y = new Matrix(c * per, 1);
    for (int i = 0; i < x.rows(); i++) {
      int k = i / per;
      x.set(i, 0, 3 * Math.cos(2 * Math.PI * k / c) + 0.5 * rc.rng().nextGaussian());
      x.set(i, 1, 3 * Math.sin(2 * Math.PI * k / c) + 0.5 * rc.rng().nextGaussian());
      y.set(i, 0, k);
    }
    Dataset data = new Dataset(x, y);
    Categorical lik = seed % 2 == 0 ? new MultiClass(c) : new Softmax(c, 20);
    SVGP model = new SVGP(new SquaredExponential(1.0, 1.5), lik,
        new InducingPoints(KMeansInit.centres(x, 6, new RandomStream(seed))), c);
    Trainer trainer = new Trainer(new Elbo(model, data), new RandomStream(seed));
    TrainingResult r = trainer.adam(new Adam(model).learningRate(0.05), 150);
    assertTrue(r.trace().get(r.trace().size() - 1) > r.trace().get(0), "the ELBO must rise");
    Matrix p = model.predictY(x, new RandomStream(seed)).mean().value();
    int correct = 0;
    for (int i = 0; i < x.rows(); i++) {
      int best = 0;
      double sum = 0;
      for (int k = 0; k < c; k++) {
        sum += p.get(i, k);
        if (p.get(i, k) > p.get(i, best)) best = k;
      }
      assertEquals(1.0, sum, 1e-3, "class probabilities sum to one");
      if (best == (int) y.get(i, 0)) correct++;
    }
    assertTrue(correct >= 0.9 * x.rows(), lik.getClass().getSimpleName() + " accuracy " + correct + "/" + x.rows());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void twoLayerDeepGpFitsAStep(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = 60;
    Matrix x = new Matrix(n, 1);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      double xi = -1 + 2.0 * i / (n - 1);
      x.set(i, 0, xi);
      y.set(i, 0, (xi > 0 ? 1 : -1) + 0.05 * rc.rng().nextGaussian());
    }
    Dataset data = new Dataset(x, y);
    DeepGP dgp = new DeepGPBuilder(x, new Gaussian(0.1), 1).hiddenWidths(1).numInducing(10).numSamples(2)
        .build(new RandomStream(seed));
    Elbo elbo = new Elbo(dgp, data);
    TrainingResult r = new Trainer(elbo, new RandomStream(seed)).batchSize(30).adam(new Adam(dgp).learningRate(0.02),
        200);
    assertEquals(TrainingResult.Status.COMPLETED, r.status());
    double early = mean(r.trace().subList(0, 10)), late = mean(r.trace().subList(190, 200));
    assertTrue(late > early + 10, "ELBO should rise clearly: " + early + " -> " + late);
    Matrix mean = dgp.predictY(x, 20, new RandomStream(seed)).mean().value();
    double sse = 0;
    for (int i = 0; i < n; i++) sse += Math.pow(mean.get(i, 0) - y.get(i, 0), 2);
    assertTrue(sse / n < 0.2, "mean squared error " + sse / n);
  }

  private static double mean(java.util.List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
