package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.random.RandomStream;

/**
 * A likelihood that factorises over output columns, p(y_np | f_np), one latent GP per column.
 * Expectations over q(f) = N(mu, var) use Gauss-Hermite quadrature (docs/BACKGROUND.md section 2):
 * E[g(f)] ~= sum_h w_h g(mu + sqrt(var) z_h). Subclasses give the log density and the
 * conditional moments of y given f, and may override any expectation with a closed form.
 */
public abstract class ScalarLikelihood extends Likelihood {
  private final GaussHermite quadrature;

  protected ScalarLikelihood(int quadraturePoints) {
    this.quadrature = new GaussHermite(quadraturePoints);
  }

  protected ScalarLikelihood() {
    this(20);
  }

  public final GaussHermite quadrature() {
    return quadrature;
  }

  /** log p(y | f) element-wise; {@code f} is L x H and {@code y} is L x 1 (broadcast over H). */
  protected abstract Var logDensity(Var f, Matrix y);

  /** E[y | f] element-wise. */
  protected abstract Var conditionalMean(Var f);

  /** Var[y | f] element-wise. */
  protected abstract Var conditionalVariance(Var f);

  /** Validates values beyond finiteness (binary, counts, ...); shapes are checked already. */
  protected void checkTargetValues(Matrix y, String name) {}

  @Override
  public int latentCount(int targetColumns) {
    return targetColumns;
  }

  @Override
  public final void checkTargets(Matrix y, String name) {
    DataChecks.requireData(y, name);
    checkTargetValues(y, name);
  }

  /** The quadrature points f_h for each entry: (N*P) x H. */
  protected final Var quadraturePoints(Var mean, Var var) {
    Var mu = mean.reshape(mean.value().size(), 1);
    Var sd = var.reshape(var.value().size(), 1).sqrt();
    return mu.add(sd.mul(Var.constant(quadrature.nodeRow())));
  }

  /** Flattens y row-major to (N*P) x 1, matching {@link #quadraturePoints}. */
  protected static Matrix flatten(Matrix y) {
    return y.reshape(y.size(), 1);
  }

  /** Sums a flattened (N*P) x 1 column back to N x 1. */
  protected static Var sumOverColumns(Var flat, int n, int p) {
    return p == 1 ? flat : flat.reshape(n, p).rowSums();
  }

  @Override
  public Var variationalExpectations(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    Var logp = logDensity(quadraturePoints(mean, var), flatten(y));
    return sumOverColumns(logp.matmul(Var.constant(quadrature.weightColumn())), y.rows(), y.cols());
  }

  @Override
  public Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    // log sum_h w_h p(y | f_h), in log space for stability.
    Var logp = logDensity(quadraturePoints(mean, var), flatten(y));
    return sumOverColumns(logp.add(Var.constant(quadrature.logWeightRow())).rowLogSumExp(), y.rows(), y.cols());
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    Var f = quadraturePoints(mean, var);
    Var w = Var.constant(quadrature.weightColumn());
    Var condMean = conditionalMean(f);
    Var m = condMean.matmul(w);
    Var second = conditionalVariance(f).add(condMean.square()).matmul(w);
    int n = mean.rows(), p = mean.cols();
    return new Moments(m.reshape(n, p), second.sub(m.square()).reshape(n, p));
  }
}
