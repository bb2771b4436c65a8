package bms.examples.select;

import bms.core.matrix.Matrix;
import bms.dgp.evidence.BayesianLinearModel;
import bms.dgp.evidence.Orders;
import bms.dgp.evidence.RandomFourierFeatures;
import bms.dgp.evidence.TrainingSpeed;
import bms.dgp.random.RandomStream;
import bms.dgp.selection.Candidate;
import bms.dgp.selection.Fit;
import bms.examples.data.NamedDataset;
import bms.examples.data.Standardizer;
import bms.kernels.Stationary;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

/**
 * A Bayesian linear model on random Fourier features of a stationary kernel, as a selection
 * candidate: inputs and targets standardised with the training part's moments, F features of the
 * kernel with a given lengthscale, prior variance 1, a fixed noise variance. Everything has a
 * closed form except the training-speed estimate, which runs sample-then-optimise point by point
 * (computed only when a criterion asks for it).
 */
final class LinearEvidenceCandidate {
  private LinearEvidenceCandidate() {}

  /** The fitted model; held-out scores are in the target's original units, evidence in standardised units. */
  static final class LinearFit implements Fit {
    private final BayesianLinearModel model;
    private final double testLogLik;
    private final int members;
    private final long seed;
    private TrainingSpeed.Estimate estimate;

    LinearFit(BayesianLinearModel model, double testLogLik, int members, long seed) {
      this.model = model;
      this.testLogLik = testLogLik;
      this.members = members;
      this.seed = seed;
    }

    @Override
    public double boundPerPoint() {
      return model.logMarginalLikelihood() / model.size();
    }

    @Override
    public double testLogLik() {
      return testLogLik;
    }

    @Override
    public double[] objectiveTrace() {
      return new double[0];
    }

    @Override
    public OptionalDouble exactLogMarginalPerPoint() {
      return OptionalDouble.of(boundPerPoint());
    }

    @Override
    public OptionalDouble trainingSpeedEstimatePerPoint() {
      return OptionalDouble.of(estimate().estimate() / model.size());
    }

    /** Lyle et al.'s estimate with the members' quadratics solved exactly after each point (same samples as GD). */
    TrainingSpeed.Estimate estimate() {
      if (estimate == null) {
        RandomStream rng = new RandomStream(seed);
        estimate = TrainingSpeed.linearModelSolvedExactly(model, Orders.random(model.size(), rng.child("order")),
            members, rng.child("members"));
      }
      return estimate;
    }

    boolean estimated() {
      return estimate != null;
    }
  }

  static Candidate<NamedDataset> of(String name, DoubleFunction<Stationary> kernelOfLengthscale, double lengthscale,
      double noise, int features, int members, long seed) {
    return new Candidate<>(name, req -> {
      Standardizer s = Standardizer.fit(req.train());
      NamedDataset train = s.apply(req.train());
      Stationary k = kernelOfLengthscale.apply(lengthscale);
      RandomFourierFeatures rff = RandomFourierFeatures.of(k, train.features(), features,
          new RandomStream(seed).child("features"));
      BayesianLinearModel m = new BayesianLinearModel(rff.features(train.x()), train.y(), 1.0, noise);
      Matrix ld = m.predictiveLogDensity(rff.features(s.transformX(req.test().x())), s.transformY(req.test().y()));
      double mean = Arrays.stream(ld.data()).average().orElseThrow() + s.logJacobian();
      return new LinearFit(m, mean, members, seed);
    });
  }
}
