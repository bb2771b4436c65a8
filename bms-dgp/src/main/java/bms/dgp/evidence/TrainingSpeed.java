package bms.dgp.evidence;

import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;

/**
 * Training speed as model evidence (Lyle, Schut, Ru, Gal and van der Wilk 2020). The log evidence
 * decomposes as log p(y) = sum_i log p(y_i | y_&lt;i) >= sum_i E_{p(w | y_&lt;i)} log p(y_i | w)
 * (Jensen, term by term): a model that predicts each new point well from the earlier ones, that
 * is one that "trains fast", has high evidence.
 *
 * <ul>
 *   <li>{@link #linearModel}: the paper's estimator for a linear model. Data arrive one point at
 *       a time in a given order; before point i is trained on, each of K sample-then-optimise
 *       members (exact samples of p(w | y_&lt;i)) scores it, log N(y_i | phi_i^T w_k, s2); the
 *       mean over members, summed over i, is an unbiased estimate of the lower bound. After
 *       scoring, the members are trained on point i by gradient descent from where they are.
 *   <li>{@link #sumOfTrainingLosses}: the cheap version for models trained by minibatch
 *       stochastic optimisation (SVGP, deep GPs, the invariant models): the sum over the steps of
 *       the minibatch training loss, here the negated objective estimates. It ranks models like
 *       the estimator above only in the sense the paper argues: a model whose loss falls faster
 *       has the smaller sum.
 * </ul>
 */
public final class TrainingSpeed {
  private TrainingSpeed() {}

  /**
   * The estimate and what it estimates.
   *
   * @param estimateTerms per point in order: (1/K) sum_k log N(y_i | phi_i^T w_k, s2), w_k from
   *     sample-then-optimise on the earlier points
   * @param lowerBoundTerms the same expectation in closed form (what the estimate estimates)
   * @param memberTotals per member k, sum_i log N(y_i | phi_i^T w_k, s2): independent across
   *     members, so their spread gives the estimate's Monte Carlo standard error
   * @param evidence the prequential terms of the exact log evidence (each >= the lower bound)
   * @param gradientSteps gradient descent steps taken over the whole sequence
   */
  public record Estimate(double[] estimateTerms, double[] lowerBoundTerms, double[] memberTotals,
      PrequentialEvidence evidence, long gradientSteps) {
    public int members() {
      return memberTotals.length;
    }

    /** sd(memberTotals) / sqrt(K). */
    public double standardError() {
      int k = memberTotals.length;
      if (k < 2) return Double.NaN;
      double m = sum(memberTotals) / k;
      double ss = 0;
      for (double v : memberTotals) ss += (v - m) * (v - m);
      return Math.sqrt(ss / (k - 1) / k);
    }

    public double estimate() {
      return sum(estimateTerms);
    }

    public double lowerBound() {
      return sum(lowerBoundTerms);
    }

    public double logEvidence() {
      return evidence.total();
    }
  }

  /**
   * Lyle et al.'s estimator for a one-output Bayesian linear model, data revealed in
   * {@code order}, each member trained by gradient descent after every point.
   */
  public static Estimate linearModel(BayesianLinearModel model, int[] order, int members, RandomStream rng,
      GradientDescent settings) {
    return run(model, order, members, rng, java.util.Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The same estimator with each member's quadratic loss minimised exactly after every point
   * (the optimum gradient descent converges to, {@link SampleThenOptimise#solveExactly}): the
   * same samples, at a cost that does not grow with the loss's condition number.
   */
  public static Estimate linearModelSolvedExactly(BayesianLinearModel model, int[] order, int members,
      RandomStream rng) {
    return run(model, order, members, rng, null);
  }

  private static Estimate run(BayesianLinearModel model, int[] order, int members, RandomStream rng,
      GradientDescent settings) {
    SampleThenOptimise.requireOneOutput(model);
    Orders.requirePermutation(order, model.size());
    SampleThenOptimise ensemble = new SampleThenOptimise(model.featureCount(), model.size(), model.priorVariance(),
        model.noiseVariance(), members, rng);
    int f = model.featureCount();
    double s2 = model.noiseVariance();
    double logNorm = -0.5 * Math.log(2 * Math.PI * s2);
    double[] terms = new double[order.length];
    double[] perMember = new double[members];
    for (int t = 0; t < order.length; t++) {
      int i = order[t];
      Matrix w = ensemble.weights();
      double y = model.targets().get(i, 0);
      double s = 0;
      for (int k = 0; k < members; k++) {
        double pred = 0;
        for (int a = 0; a < f; a++) pred += model.features().get(i, a) * w.get(a, k);
        double r = y - pred;
        double ll = logNorm - 0.5 * r * r / s2;
        perMember[k] += ll;
        s += ll;
      }
      terms[t] = s / members;
      ensemble.addData(model, i);
      if (settings == null) {
        ensemble.solveExactly();
      } else {
        ensemble.optimise(settings);
      }
    }
    return new Estimate(terms, model.expectedLogLikelihoodTerms(order), perMember, model.prequential(order),
        ensemble.totalSteps());
  }

  /**
   * SOTL: the sum over training steps of the training loss, given the objective (a bound or
   * log-likelihood estimate, higher is better) at every step; lower is better.
   */
  public static double sumOfTrainingLosses(double[] objectivePerStep) {
    if (objectivePerStep.length == 0) {
      throw new IllegalArgumentException("no training steps: the sum of training losses needs a trajectory");
    }
    double s = 0;
    for (int i = 0; i < objectivePerStep.length; i++) {
      if (!Double.isFinite(objectivePerStep[i])) {
        throw new IllegalArgumentException("objective at step " + i + " is " + objectivePerStep[i]);
      }
      s -= objectivePerStep[i];
    }
    return s;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
  }
}
