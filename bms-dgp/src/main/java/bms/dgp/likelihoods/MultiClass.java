package bms.dgp.likelihoods;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-class classification with the Robustmax link (as GPflow's MultiClass): p(y = c | f) is
 * 1 - eps when c = argmax f, else eps / (C - 1), with eps = 1e-3 fixed. Everything depends on
 * q(f) only through the probability that class c has the largest latent value,
 * <pre>
 *   P_c = int N(x) prod_{k != c} Phi((mu_c + sigma_c x - mu_k) / sigma_k) dx,
 * </pre>
 * a one-dimensional integral done by Gauss-Hermite quadrature. Then
 * E_q[log p(y | f)] = P_y log(1 - eps) + (1 - P_y) log(eps / (C - 1)) and
 * p(y = c) = P_c (1 - eps) + (1 - P_c) eps / (C - 1).
 */
public final class MultiClass extends Categorical {
  public static final double DEFAULT_EPSILON = 1e-3;
  private final double epsilon;
  private final GaussHermite quadrature;

  public MultiClass(int numClasses) {
    this(numClasses, DEFAULT_EPSILON, 20);
  }

  public MultiClass(int numClasses, double epsilon, int quadraturePoints) {
    super(numClasses);
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new IllegalArgumentException("Robustmax epsilon must be in (0, 1), got " + epsilon);
    }
    this.epsilon = epsilon;
    this.quadrature = new GaussHermite(quadraturePoints);
  }

  public double epsilon() {
    return epsilon;
  }

  private double offClass() {
    return epsilon / (numClasses() - 1);
  }

  @Override
  public Var variationalExpectations(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    Var p = probabilityMax(mean, var, labels(y));
    double lo = Math.log(offClass());
    return p.mulScalar(Math.log1p(-epsilon) - lo).addScalar(lo);
  }

  @Override
  public Moments predictMeanAndVar(Var mean, Var var, RandomStream rng) {
    checkMarginals(mean, var, null);
    List<Var> cols = new ArrayList<>();
    for (int c = 0; c < numClasses(); c++) {
      int[] labels = new int[mean.rows()]; // a fresh array: the backward pass of each column keeps its own
      Arrays.fill(labels, c);
      cols.add(classProbability(probabilityMax(mean, var, labels)));
    }
    Var p = Var.concatCols(cols);
    return new Moments(p, p.sub(p.square()));
  }

  @Override
  public Var predictLogDensity(Var mean, Var var, Matrix y, RandomStream rng) {
    checkMarginals(mean, var, y);
    return classProbability(probabilityMax(mean, var, labels(y))).log();
  }

  private Var classProbability(Var pMax) {
    return pMax.mulScalar(1 - epsilon - offClass()).addScalar(offClass());
  }

  /** P(f_{label_n} is the largest of the C latent values) for each n, N x 1, differentiable. */
  Var probabilityMax(Var mean, Var var, int[] labelsIn) {
    int[] labels = labelsIn.clone();
    Matrix mu = mean.value();
    Matrix vv = var.value();
    int n = mu.rows(), c = mu.cols();
    double[] z = quadrature.nodes();
    double[] w = quadrature.weights();
    int h = z.length;
    double[] sd = new double[n * c];
    for (int i = 0; i < sd.length; i++) sd[i] = Math.sqrt(vv.data()[i]);
    double[] md = mu.data();
    Matrix out = new Matrix(n, 1);
    double[] logT = new double[n * h]; // log prod_k Phi(.) at each node, kept for the backward pass
    double[] logPhi = new double[n * h * c]; // each log Phi(z), kept so the backward pass needs no erfc
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      double muY = md[i * c + y], sdY = sd[i * c + y];
      double p = 0;
      for (int q = 0; q < h; q++) {
        double f = muY + sdY * z[q];
        double lt = 0;
        for (int k = 0; k < c; k++) {
          if (k == y) continue;
          double lp = NormalCdf.logCdf((f - md[i * c + k]) / sd[i * c + k]);
          logPhi[(i * h + q) * c + k] = lp;
          lt += lp;
        }
        logT[i * h + q] = lt;
        p += w[q] * Math.exp(lt);
      }
      out.data()[i] = p;
    }
    return Var.op("robustmaxProbability", out, (g, sink) -> {
      Matrix gMu = new Matrix(n, c);
      Matrix gVar = new Matrix(n, c);
      double[] gm = gMu.data();
      double[] gs = gVar.data(); // first d/d sigma, turned into d/d var at the end
      for (int i = 0; i < n; i++) {
        double gi = g.data()[i];
        if (gi == 0) continue;
        int y = labels[i];
        double muY = md[i * c + y], sdY = sd[i * c + y];
        for (int q = 0; q < h; q++) {
          double f = muY + sdY * z[q];
          double base = gi * w[q];
          double lt = logT[i * h + q];
          for (int k = 0; k < c; k++) {
            if (k == y) continue;
            double sk = sd[i * c + k];
            double zz = (f - md[i * c + k]) / sk;
            // d/dzz of prod Phi = prod * phi(zz)/Phi(zz), in log space.
            double coef = base * Math.exp(lt - logPhi[(i * h + q) * c + k] + NormalCdf.logPdf(zz)) / sk;
            gm[i * c + y] += coef;
            gm[i * c + k] -= coef;
            gs[i * c + y] += coef * z[q];
            gs[i * c + k] -= coef * zz;
          }
        }
      }
      for (int i = 0; i < gs.length; i++) gs[i] *= 0.5 / sd[i];
      if (sink.wants(mean)) sink.accumulate(mean, gMu);
      if (sink.wants(var)) sink.accumulate(var, gVar);
    }, mean, var);
  }
}
