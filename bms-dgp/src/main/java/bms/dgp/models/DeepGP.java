package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.DataChecks;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Moments;
import bms.dgp.random.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A deep GP: a stack of {@link GPLayer}s and a likelihood, trained by doubly stochastic
 * variational inference (Salimbeni and Deisenroth 2017; docs/BACKGROUND.md section 3). S samples per
 * point are pushed through the layers with the reparameterisation trick on the marginals,
 * F^l = mean^l(F^{l-1}) + eps * sqrt(var^l(F^{l-1})), and
 * <pre>
 *   ELBO = (N / B) sum_n (1/S) sum_s E_{q(f^L_n | F^{L-1}_{n,s})}[log p(y_n | f^L_n)] - sum_l KL_l.
 * </pre>
 * All S samples of a batch travel together as one (B*S)-row matrix (row n*S + s is sample s of
 * point n), so each layer does one Kuf and one set of matrix products per step.
 *
 * <p>Parameter paths: {@code layers[l].kernel.*}, {@code layers[l].inducing.Z},
 * {@code layers[l].q.*}, {@code layers[l].mean.*}, {@code likelihood.*}.
 */
public final class DeepGP extends Module implements VariationalModel {
  /** Sampled variances are floored here before the square root (roundoff can make them <= 0). */
  static final double VARIANCE_FLOOR = 1e-12;
  /** Rows (points times samples) per chunk when predicting, to bound memory. */
  private static final int PREDICT_CHUNK_ROWS = 20_000;

  private final List<GPLayer> layers;
  private final Likelihood likelihood;
  private int numSamples;

  public DeepGP(List<GPLayer> layers, Likelihood likelihood, int numSamples) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a deep GP needs at least one layer");
    }
    for (int l = 0; l + 1 < layers.size(); l++) {
      LayerChecks.requireFits(layers.get(l), l, layers.get(l + 1));
    }
    this.layers = addModules("layers", layers);
    this.likelihood = addModule("likelihood", likelihood);
    setNumSamples(numSamples);
  }

  public List<GPLayer> layers() {
    return layers;
  }

  @Override
  public Likelihood likelihood() {
    return likelihood;
  }

  /** S, the number of samples per point used by the training bound. */
  public int numSamples() {
    return numSamples;
  }

  public DeepGP setNumSamples(int s) {
    if (s < 1) {
      throw new IllegalArgumentException("number of samples must be at least 1, got " + s);
    }
    this.numSamples = s;
    return this;
  }

  /**
   * The last layer's marginals for {@code s} samples of every row of {@code x}: (N*S) x K,
   * item-major. Inner layers are sampled with noise from {@code rng}.
   */
  public Marginals propagate(Matrix x, int s, RandomStream rng) {
    requireNoise(rng);
    return propagate(x, s, (layer, rows, cols) -> rng.gaussian(rows, cols));
  }

  /**
   * Where the reparameterisation noise of each inner layer comes from: {@code rows} x
   * {@code cols} standard normals for layer {@code layer} (1 for the first inner layer), drawn
   * in layer order. Data-parallel training draws the whole batch's noise and keeps a shard's
   * rows, so that every row sees the numbers it would see on one machine.
   */
  @FunctionalInterface
  public interface LayerNoise {
    Matrix draw(int layer, int rows, int cols);
  }

  /** As {@link #propagate(Matrix, int, RandomStream)}, with the inner layers' noise from {@code noise}. */
  public Marginals propagate(Matrix x, int s, LayerNoise noise) {
    DataChecks.requireData(x, "X");
    LayerChecks.requireInput(x, "X", layers.get(0));
    requireNoise(noise);
    if (s < 1) {
      throw new IllegalArgumentException("number of samples must be at least 1, got " + s);
    }
    // The first layer sees the same inputs in every sample: evaluate it once per point and
    // repeat its marginals, instead of repeating the inputs (S times less work there).
    Marginals m = repeat(layers.get(0).marginals(Var.constant(x)), s);
    for (int l = 1; l < layers.size(); l++) {
      Matrix e = noise.draw(l, m.mean().rows(), m.mean().cols());
      if (e.rows() != m.mean().rows() || e.cols() != m.mean().cols()) {
        throw new IllegalArgumentException("layer " + l + " needs " + m.mean().rows() + "x" + m.mean().cols()
            + " noise, got " + e.shapeString());
      }
      Var f = m.mean().add(floor(m.variance()).sqrt().mul(Var.constant(e)));
      m = layers.get(l).marginals(f);
    }
    return m;
  }

  /** Inner layers are sampled: a deep GP of more than one layer needs a noise source. */
  private void requireNoise(Object noise) {
    if (layers.size() > 1 && noise == null) {
      throw new IllegalArgumentException("a deep GP with " + layers.size() + " layers samples its inner layers: pass"
          + " a RandomStream, not null");
    }
  }

  private static Marginals repeat(Marginals m, int s) {
    if (s == 1) return m;
    int[] index = new int[m.mean().rows() * s];
    for (int i = 0; i < index.length; i++) index[i] = i / s;
    return new Marginals(m.mean().gatherRows(index), m.variance().gatherRows(index));
  }

  @Override
  public Var expectedLogLikelihood(Matrix x, Matrix y, RandomStream rng) {
    requireNoise(rng);
    return expectedLogLikelihood(x, y, (layer, rows, cols) -> rng.gaussian(rows, cols), rng);
  }

  /**
   * sum_n E_q[log p(y_n | f_n)] averaged over the model's samples, with the inner layers' noise
   * from {@code noise} and the likelihood's own Monte Carlo draws (if any) from {@code rng}.
   */
  public Var expectedLogLikelihood(Matrix x, Matrix y, LayerNoise noise, RandomStream rng) {
    likelihood.checkTargets(y, "Y");
    DataChecks.requireSameRows(x, "X", y, "Y");
    Marginals f = propagate(x, numSamples, noise);
    Matrix yRep = numSamples == 1 ? y : repeatRows(y, numSamples);
    Var ve = likelihood.variationalExpectations(f.mean(), f.variance(), yRep, rng).sum();
    return numSamples == 1 ? ve : ve.divScalar(numSamples);
  }

  @Override
  public Var priorKL() {
    List<Var> terms = new ArrayList<>();
    for (GPLayer layer : layers) terms.add(layer.kl());
    return terms.size() == 1 ? terms.get(0) : Var.sumAll(terms);
  }

  /**
   * The predictive mean and variance of y as a mixture over {@code s} samples:
   * mean = (1/S) sum_s m_s, var = (1/S) sum_s (v_s + m_s^2) - mean^2.
   */
  public Moments predictY(Matrix x, int s, RandomStream rng) {
    DataChecks.requireData(x, "Xnew");
    List<Matrix> means = new ArrayList<>();
    List<Matrix> vars = new ArrayList<>();
    for (int[] range : chunks(x.rows(), s)) {
      Matrix xc = rows(x, range[0], range[1]);
      Marginals f = propagate(xc, s, rng);
      Moments m = likelihood.predictMeanAndVar(f.mean(), f.variance(), rng);
      Var mean = m.mean().groupMean(s);
      Var second = m.variance().add(m.mean().square()).groupMean(s);
      means.add(mean.value());
      vars.add(second.sub(mean.square()).value());
    }
    return new Moments(Var.constant(concatRows(means)), Var.constant(concatRows(vars)));
  }

  /** log p(y_n) ~= logsumexp_s log p(y_n | sample s) - log S, for each test point: N x 1. */
  public Matrix predictLogDensity(Matrix x, Matrix y, int s, RandomStream rng) {
    likelihood.checkTargets(y, "Ynew");
    DataChecks.requireSameRows(x, "Xnew", y, "Ynew");
    List<Matrix> parts = new ArrayList<>();
    for (int[] range : chunks(x.rows(), s)) {
      Marginals f = propagate(rows(x, range[0], range[1]), s, rng);
      Matrix yRep = repeatRows(rows(y, range[0], range[1]), s);
      Var lp = likelihood.predictLogDensity(f.mean(), f.variance(), yRep, rng);
      parts.add(lp.reshape(range[1] - range[0], s).rowLogSumExp().addScalar(-Math.log(s)).value());
    }
    return concatRows(parts);
  }

  private static List<int[]> chunks(int n, int s) {
    if (s < 1) {
      throw new IllegalArgumentException("number of samples must be at least 1, got " + s);
    }
    int per = Math.max(1, PREDICT_CHUNK_ROWS / s);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i += per) out.add(new int[] {i, Math.min(n, i + per)});
    return out;
  }

  private static Matrix rows(Matrix m, int r0, int r1) {
    if (r0 == 0 && r1 == m.rows()) return m;
    Matrix out = new Matrix(r1 - r0, m.cols());
    System.arraycopy(m.data(), r0 * m.cols(), out.data(), 0, out.size());
    return out;
  }

  private static Matrix concatRows(List<Matrix> parts) {
    if (parts.size() == 1) return parts.get(0);
    int r = 0;
    for (Matrix p : parts) r += p.rows();
    Matrix out = new Matrix(r, parts.get(0).cols());
    int off = 0;
    for (Matrix p : parts) {
      System.arraycopy(p.data(), 0, out.data(), off, p.size());
      off += p.size();
    }
    return out;
  }

  /** Each row repeated s times in place: row n*s + j is row n. */
  static Matrix repeatRows(Matrix m, int s) {
    int c = m.cols();
    Matrix out = new Matrix(m.rows() * s, c);
    for (int i = 0; i < m.rows(); i++) {
      for (int j = 0; j < s; j++) System.arraycopy(m.data(), i * c, out.data(), (i * s + j) * c, c);
    }
    return out;
  }

  /** max(v, VARIANCE_FLOOR) element-wise; no gradient flows where the floor is active. */
  private static Var floor(Var v) {
    Matrix vv = v.value();
    Matrix out = new Matrix(vv.rows(), vv.cols());
    boolean any = false;
    for (int i = 0; i < out.size(); i++) {
      double x = vv.data()[i];
      // NaN passes through unchanged, so a diverged run is still seen as one.
      any |= x < VARIANCE_FLOOR;
      out.data()[i] = x < VARIANCE_FLOOR ? VARIANCE_FLOOR : x;
    }
    if (!any) return v;
    return Var.op("varianceFloor", out, (g, sink) -> {
      Matrix gv = g.copy();
      for (int i = 0; i < gv.size(); i++) if (vv.data()[i] < VARIANCE_FLOOR) gv.data()[i] = 0;
      sink.accumulate(v, gv);
    }, v);
  }
}
