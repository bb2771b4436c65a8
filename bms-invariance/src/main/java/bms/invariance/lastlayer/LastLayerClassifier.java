package bms.invariance.lastlayer;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.data.Dataset;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.invariance.models.OrbitNoise;

/**
 * Last-layer marginal-likelihood invariance learning (Schwobel et al. 2022): orbit-averaged
 * network features phi_bar(x) and a Bayesian linear last layer on the one-hot labels (regression
 * on one-hot targets, as the paper does for classification), trained by
 * <pre>
 *   L(theta, weights, s^2, s_w^2) = (N / B) log p(Y_B | phi_bar(X_B))
 * </pre>
 * on minibatches B of the N points. The last layer's weights are integrated out, so a wider
 * orbit is rewarded when it makes the classes linearly predictable from fewer effective
 * parameters, which is what the marginal likelihood measures; a training loss would not reward it.
 * With B = N this is the exact log marginal likelihood of the last layer; for B &lt; N the
 * rescaled minibatch value is not an unbiased estimate of it (the log marginal likelihood does
 * not split into a sum over points), which is the price of minibatches here.
 * Predictions condition the last layer on all training points.
 */
public final class LastLayerClassifier extends Module implements NetworkClassifier {
  private final OrbitAveragedFeatures features;
  private final BayesianLinearRegression lastLayer;
  private final int classes;

  public LastLayerClassifier(OrbitAveragedFeatures features, BayesianLinearRegression lastLayer, int classes) {
    if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    this.features = addModule("features", features);
    this.lastLayer = addModule("lastLayer", lastLayer);
    this.classes = classes;
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public int numClasses() {
    return classes;
  }

  @Override
  public OrbitAveragedFeatures features() {
    return features;
  }

  public BayesianLinearRegression lastLayer() {
    return lastLayer;
  }

  /** log p(one-hot(labels) | phi_bar(x)), with the orbit drawing from whatever noise is bound. */
  public Var logMarginalLikelihood(Matrix x, Matrix labels) {
    return lastLayer.logMarginalLikelihood(features.features(Var.constant(x)), Batches.oneHot(labels, classes));
  }

  @Override
  public Objective objective(Dataset train) {
    Batches.oneHot(train.y(), classes); // labels checked once, here
    LastLayerClassifier self = this;
    return new Objective() {
      @Override
      public Module module() {
        return self;
      }

      @Override
      public int numData() {
        return train.size();
      }

      @Override
      public boolean supportsMinibatches() {
        return true;
      }

      @Override
      public Var evaluate(int[] batch, RandomStream rng) {
        OrbitNoise.bind(self, rng);
        Dataset d = batch == null ? train : train.subset(batch);
        Var lml = logMarginalLikelihood(d.x(), d.y());
        return d.size() == train.size() ? lml : lml.mulScalar((double) train.size() / d.size());
      }
    };
  }

  @Override
  public double objectivePerPoint(Dataset train, RandomStream rng) {
    Matrix phi = Batches.features(features, train.x(), rng);
    return lastLayer.logMarginalLikelihood(Var.constant(phi), Batches.oneHot(train.y(), classes)).scalar()
        / train.size();
  }

  /** The posterior of the last layer given all of {@code train}'s features. */
  public BayesianLinearRegression.Posterior posterior(Dataset train, RandomStream rng) {
    return lastLayer.posterior(Batches.features(features, train.x(), rng), Batches.oneHot(train.y(), classes));
  }

  /**
   * Scores are the predictive means of the one-hot targets; the log density is that of the test
   * label's one-hot vector under the Gaussian predictive (a density over R^C, not a class
   * probability, so not comparable with a classifier's log probability).
   */
  @Override
  public Scores predict(Dataset train, Dataset test, RandomStream rng) {
    BayesianLinearRegression.Posterior post = posterior(train, rng.child("train"));
    BayesianLinearRegression.Prediction p = post.predict(Batches.features(features, test.x(), rng.child("test")));
    return new Scores(p.mean(), p.logDensity(Batches.oneHot(test.y(), classes)));
  }
}
