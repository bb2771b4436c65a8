package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.random.RandomStream;

/**
 * y = f + e, e ~ N(0, s2(g)), with the noise variance s2(g) = floor + link(g) given by a second
 * latent GP g through a positive link (exp, or softplus), as in Saul et al. (2016) and GPflow's
 * heteroskedastic regression. For P target columns there are 2P latent GPs: column j is the
 * mean f_j, column P + j the noise latent g_j of target j.
 *
 * <p>Under q(f) q(g) the f-part is Gaussian in closed form and only the one-dimensional g-part
 * is integrated, by Gauss-Hermite quadrature over g_h = mu_g + sqrt(var_g) z_h:
 * <pre>
 *   E[log p(y | f, g)] = -1/2 log 2 pi - 1/2 E[log s2(g)] - 1/2 ((y - mu_f)^2 + var_f) E[1 / s2(g)]
 *   p(y)               = int N(y | mu_f, var_f + s2(g)) q(g) dg  ~=  sum_h w_h N(y | mu_f, var_f + s2(g_h))
 *   E[y] = mu_f,  Var[y] = var_f + E[s2(g)]
 * </pre>
 */
public final class HeteroskedasticGaussian extends Likelihood {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  /** The positive map from the noise latent g to the noise variance (before the floor). */
  public enum Link {
    /** s2 = exp(g): g is the log noise variance. */
    EXP,
    /** s2 = log(1 + exp(g)): grows linearly, so large g cannot blow the variance up. */
    SOFTPLUS
  }

  private final Link link;
  private final double floor;
  private final GaussHermite quadrature;

  /**
   * @param floor a fixed lower bound added to the noise variance (>= 0; 0 allowed for the exp link)
   * @param quadraturePoints Gauss-Hermite points for the g integral
   */
  public HeteroskedasticGaussian(Link link, double floor, int quadraturePoints) {
    this.link = java.util.Objects.requireNonNull(link, "link");
    if (!(floor >= 0) || !Double.isFinite(floor)) {
      throw new IllegalArgumentException("noise variance floor must be finite and >= 0, got " + floor);
    }
    if (floor == 0 && link == Link.SOFTPLUS) {
      throw new IllegalArgumentException("the softplus link needs a positive noise variance floor (softplus(g) -> 0"
          + " as g -> -infinity), got 0");
    }
    this.floor = floor;
    this.quadrature = new GaussHermite(quadraturePoints);
  }

  /** The exp link with a floor of 1e-6 and 20 quadrature points. */
  public HeteroskedasticGaussian() {
    this(Link.EXP, 1e-6, 20);
  }

  public Link link() {
    return link;
  }

  public double floor() {
    return floor;
  }

  @Override
  public int latentCount(int targetColumns) {
    return 2 * targetColumns;
  }

  @Override
  public void checkTargets(Matrix y, String name) {
    DataChecks.requireData(y, name);
  }

  /** s2(g) element-wise. */
  private Var noiseVariance(Var g) {
    Var s = link == Link.EXP ? g.exp() : g.softplus();
    return floor == 0 ? s : s.addScalar(floor);
  }

  /** The noise variance at the quadrature nodes of the g columns: (N*P) x H. */
  private Var noiseAtNodes(Var mean, Var var, int p) {
    int n = mean.rows();
    Var mu = mean.sliceCols(p, 2 * p).reshape(n * p, 1);
    Var sd = var.sliceCols(p, 2 * p).reshape(n * p, 1).sqrt();
    return noiseVariance(mu.add(sd.mul(Var.constant(quadrature.nodeRow()))));
  }

  private int outputs(Var mean) {
    if (mean.cols() % 2 != 0) {
      throw new IllegalArgumentException("HeteroskedasticGaussian needs an even number of latent GPs (P means, then P"
          + " noise latents), got " + mean.cols());
    }
    return mean.cols() / 2;
  }

  @Override
  public Var variationalExpectations(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    int n = y.rows(), p = y.cols();
    Var w = Var.constant(quadrature.weightColumn());
    Var s2 = noiseAtNodes(mean, var, p);
    Var expectedLogS2 = s2.log().matmul(w);
    Var expectedPrecision = s2.reciprocal().matmul(w);
    Var muF = mean.sliceCols(0, p).reshape(n * p, 1);
    Var varF = var.sliceCols(0, p).reshape(n * p, 1);
    Var sq = Var.constant(y.reshape(n * p, 1)).sub(muF).square().add(varF);
    Var terms = sq.mul(expectedPrecision).add(expectedLogS2).addScalar(LOG_2PI).mulScalar(-0.5);
    return p == 1 ? terms : terms.reshape(n, p).rowSums();
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    int p = outputs(mean), n = mean.rows();
    Var expectedS2 = noiseAtNodes(mean, var, p).matmul(Var.constant(quadrature.weightColumn())).reshape(n, p);
    return new Moments(mean.sliceCols(0, p), var.sliceCols(0, p).add(expectedS2));
  }

  @Override
  public Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    int n = y.rows(), p = y.cols();
    Var total = noiseAtNodes(mean, var, p).add(var.sliceCols(0, p).reshape(n * p, 1));
    Var r2 = Var.constant(y.reshape(n * p, 1)).sub(mean.sliceCols(0, p).reshape(n * p, 1)).square();
    Var logN = r2.div(total).add(total.log()).addScalar(LOG_2PI).mulScalar(-0.5);
    Var lp = logN.add(Var.constant(quadrature.logWeightRow())).rowLogSumExp();
    return p == 1 ? lp : lp.reshape(n, p).rowSums();
  }
}
