package bms.invariance.lastlayer;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.dgp.data.Dataset;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.invariance.models.OrbitNoise;
import bms.nn.Dense;

/**
 * The baseline of the last-layer study: the same orbit-averaged features followed by a dense
 * softmax layer, trained by maximum likelihood (minus the cross-entropy),
 * <pre>
 *   L = (N / B) sum_{n in B} log softmax(W phi_bar(x_n) + b)_{y_n},
 * </pre>
 * with the orbit's ranges frozen at their starting values (a fixed, hand-chosen augmentation):
 * the training likelihood is highest without augmentation, so it cannot be trusted to choose the
 * range.
 */
public final class CrossEntropyClassifier extends Module implements NetworkClassifier {
  private final OrbitAveragedFeatures features;
  private final Dense head;

  /** Freezes every parameter of {@code features.orbit()}. */
  public CrossEntropyClassifier(OrbitAveragedFeatures features, Dense head) {
    if (head.outputSize(features.featureSize()) < 2) {
      throw new IllegalArgumentException("the softmax layer needs at least 2 classes");
    }
    for (Parameter p : features.orbit().parameters().values()) p.setTrainable(false);
    this.features = addModule("features", features);
    this.head = addModule("head", head);
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public int numClasses() {
    return head.outputSize(features.featureSize());
  }

  @Override
  public OrbitAveragedFeatures features() {
    return features;
  }

  /** N x C logits. */
  public Var logits(Var x) {
    return head.forward(features.features(x));
  }

  /** sum_n log p(y_n | x_n) under the softmax, with the orbit drawing from whatever noise is bound. */
  public Var logLikelihood(Matrix x, Matrix labels) {
    return pick(logSoftmax(logits(Var.constant(x))), Batches.oneHot(labels, numClasses())).sum();
  }

  private static Var logSoftmax(Var logits) {
    return logits.sub(logits.rowLogSumExp());
  }

  private static Var pick(Var logProbabilities, Matrix oneHot) {
    return logProbabilities.mul(Var.constant(oneHot)).rowSums();
  }

  @Override
  public Objective objective(Dataset train) {
    Batches.oneHot(train.y(), numClasses());
    CrossEntropyClassifier self = this;
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
        Var ll = logLikelihood(d.x(), d.y());
        return d.size() == train.size() ? ll : ll.mulScalar((double) train.size() / d.size());
      }
    };
  }

  /** The mean training log-likelihood (minus the cross-entropy): not a bound on the evidence. */
  @Override
  public double objectivePerPoint(Dataset train, RandomStream rng) {
    Matrix logp = logProbabilities(train.x(), rng);
    return pick(Var.constant(logp), Batches.oneHot(train.y(), numClasses())).sum().scalar() / train.size();
  }

  /** Scores are the class probabilities; the log density is log p(y | x) of the test label. */
  @Override
  public Scores predict(Dataset train, Dataset test, RandomStream rng) {
    Matrix logp = logProbabilities(test.x(), rng.child("test"));
    Matrix probs = Var.constant(logp).exp().value();
    return new Scores(probs, pick(Var.constant(logp), Batches.oneHot(test.y(), numClasses())).value());
  }

  private Matrix logProbabilities(Matrix x, RandomStream rng) {
    Matrix phi = Batches.features(features, x, rng);
    return logSoftmax(head.forward(Var.constant(phi))).value();
  }
}
