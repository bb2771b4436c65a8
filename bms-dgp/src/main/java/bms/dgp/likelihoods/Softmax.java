package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;

/**
 * Multi-class classification with the softmax link, p(y = c | f) = exp(f_c) / sum_k exp(f_k).
 * Expectations over q(f) have no closed form in C dimensions, so they are Monte Carlo
 * averages over S draws f_s = mu + sqrt(var) * eps_s with eps_s from the given stream
 * (reparameterised, so gradients flow to mu and var).
 */
public final class Softmax extends Categorical {
  private final int numSamples;

  public Softmax(int numClasses) {
    this(numClasses, 100);
  }

  public Softmax(int numClasses, int numSamples) {
    super(numClasses);
    if (numSamples < 1) {
      throw new IllegalArgumentException("Softmax needs at least one Monte Carlo sample, got " + numSamples);
    }
    this.numSamples = numSamples;
  }

  public int numSamples() {
    return numSamples;
  }

  /** S draws of f for each point, item-major: row n*S + s is draw s of point n. */
  private Var draws(Var mean, Var var, RandomStream rng) {
    if (rng == null) {
      throw new IllegalArgumentException("Softmax samples f: pass a RandomStream, not null");
    }
    int n = mean.rows();
    int[] repeat = new int[n * numSamples];
    for (int i = 0; i < repeat.length; i++) repeat[i] = i / numSamples;
    Var eps = Var.constant(rng.gaussian(repeat.length, numClasses()));
    return mean.gatherRows(repeat).add(var.sqrt().gatherRows(repeat).mul(eps));
  }

  private static Var logSoftmax(Var f) {
    return f.sub(f.rowLogSumExp());
  }

  private Matrix repeatedOneHot(int[] labels) {
    int[] rep = new int[labels.length * numSamples];
    for (int i = 0; i < rep.length; i++) rep[i] = labels[i / numSamples];
    return oneHot(rep);
  }

  /** log softmax(f_s)_{y_n} for each draw, (N*S) x 1. */
  private Var sampledLogProbability(Var mean, Var var, int[] labels, RandomStream rng) {
    return logSoftmax(draws(mean, var, rng)).mul(Var.constant(repeatedOneHot(labels))).rowSums();
  }

  @Override
  public Var variationalExpectations(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    return sampledLogProbability(mean, var, labels(y), rng).groupMean(numSamples);
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    Var p = logSoftmax(draws(mean, var, rng)).exp().groupMean(numSamples);
    return new Moments(p, p.sub(p.square()));
  }

  @Override
  public Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    Var lp = sampledLogProbability(mean, var, labels(y), rng);
    return lp.reshape(mean.rows(), numSamples).rowLogSumExp().addScalar(-Math.log(numSamples));
  }
}
