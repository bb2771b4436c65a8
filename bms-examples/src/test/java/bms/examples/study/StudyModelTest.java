package bms.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.kernels.image.ImageShape;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The study's models: chunked bounds, noise routing, predictions. */
class StudyModelTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static Dataset data(RandomCases rc, int n, int side) {
    Matrix x = rc.uniform(n, side * side, 0, 1);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) y.set(i, 0, rc.rng().nextInt(StudyModels.CLASSES));
    return new Dataset(x, y);
  }

  /** Summing the expected log-likelihood chunk by chunk gives the one-batch ELBO. */
  @ParameterizedTest
  @MethodSource("seeds")
  void chunkedBoundEqualsTheFullBatchElbo(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 2 * StudyModel.CHUNK + 10);
    Dataset d = data(rc, n, 3);
    StudyModel m = StudyModels.svgpRbf(StudyModels.inducingInputs(d.x(), rc.dim(1, Math.min(n, 6)),
        new RandomStream(seed)));
    // Move q away from the prior so the likelihood term matters.
    var q = m.module().parameters().get("q.q_mu");
    q.assign(rc.matrix(q.rows(), q.cols()));
    double full = new Elbo(m.model(), d).evaluate(null, new RandomStream(seed)).scalar();
    double chunked = m.boundPerPoint(d, new RandomStream(seed)) * n;
    assertEquals(full, chunked, 1e-9 * Math.abs(full));
  }

  /** An invariant model's objective is a function of the step's noise stream only. */
  @ParameterizedTest
  @MethodSource("seeds")
  void orbitNoiseComesFromTheStepStream(long seed) {
    RandomCases rc = new RandomCases(seed);
    int side = rc.dim(3, 5);
    Dataset d = data(rc, rc.dim(2, 8), side);
    Matrix z = StudyModels.inducingInputs(d.x(), rc.dim(1, d.size()), new RandomStream(seed));
    StudyModel m = rc.rng().nextBoolean()
        ? StudyModels.svgpRotation(z, ImageShape.gray(side, side), 10 + 150 * rc.rng().nextDouble(), rc.dim(2, 4))
        : StudyModels.svgpAffine(z, ImageShape.gray(side, side), 10 + 150 * rc.rng().nextDouble(), rc.dim(2, 4));
    // q away from the prior: with q_mu = 0 the Robustmax term would not depend on f at all.
    var q = m.module().parameters().get("q.q_mu");
    q.assign(rc.matrix(q.rows(), q.cols()));
    Objective o = m.objective(d);
    RandomStream step = new RandomStream(seed).child(rc.dim(0, 100));
    double a = o.evaluate(null, step.copy()).scalar();
    double b = o.evaluate(null, step.copy()).scalar();
    double other = o.evaluate(null, step.child("elsewhere")).scalar();
    assertEquals(a, b, 0.0, "same stream, same transformations");
    assertNotEquals(a, other, "another stream, other transformations");
    assertTrue(m.invariant() && m.ranges().containsKey("angle"));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void errorCountsTheLabelsThatAreNotTheMostProbableClass(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(1, 30), c = rc.dim(2, 10);
    Matrix p = rc.uniform(n, c, 0, 1);
    Matrix labels = new Matrix(n, 1);
    int wrong = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < c; k++) if (p.get(i, k) > p.get(i, best)) best = k;
      boolean right = rc.rng().nextBoolean();
      labels.set(i, 0, right ? best : (best + 1 + rc.rng().nextInt(c - 1)) % c);
      if (!right) wrong++;
    }
    Matrix logs = rc.uniform(n, 1, -3, 0);
    StudyModel.Predictions pred = new StudyModel.Predictions(p, logs);
    assertEquals((double) wrong / n, pred.error(labels), 1e-15);
    double mean = 0;
    for (int i = 0; i < n; i++) mean += logs.get(i, 0) / n;
    assertEquals(mean, pred.meanLogDensity(), 1e-12);
  }
}
