package bms.invariance.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.Orbit;
import bms.invariance.orbits.SampledOrbit;
import bms.kernels.Kernel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The invariant kernel of van der Wilk et al. (2018): with f(x) = E_a g(t(x; a)) and g ~ GP(0, k_g),
 * <pre>
 *   k_f(x, x') = E_a E_a' k_g(t(x; a), t(x'; a')).
 * </pre>
 * On an exact (finite) orbit the expectations are exact averages over its G elements. On a
 * sampled orbit they are Monte Carlo averages over S draws per input:
 * <ul>
 *   <li>{@link #K(Var, Var)} with two inputs: independent draws for each input, so every entry is
 *       unbiased: 1/S^2 sum_{s, s'} k_g(t(x; a_s), t(x'; a'_s'));</li>
 *   <li>{@link #K(Var)} (one input): one set of draws shared by both sides, which is the
 *       covariance of the sampled average f_hat(x) = 1/S sum_s g(t(x; a_s)) and so PSD by
 *       construction; its diagonal includes the s = s' terms and is biased upwards;</li>
 *   <li>{@link #Kdiag}: by default the unbiased off-diagonal estimate
 *       1/(S(S-1)) sum_{s != s'} k_g(t(x; a_s), t(x; a_s')), which needs S >= 2; or, with
 *       {@link DiagonalEstimator#SAMPLE_AVERAGE}, the all-pairs mean (the variance of f_hat).</li>
 * </ul>
 *
 * <p>Draws are memoised per input node: the transformed copies of one {@link Var} are drawn
 * once and reused by every call that receives that same node (Kuf, Kdiag, K) until the orbit's
 * parameters, S or its noise source change. A sparse-GP layer computes Kuf and Kdiag of the same
 * node, so both see the same draws, which the talk's procedure needs (f_hat(x) ~= 1/S sum_s
 * g(t(x; a_s)), with its exact marginals under q(u)); each new evaluation builds a new input node
 * and so draws afresh. To redraw for the same node, call {@link #resample()}.
 *
 * <p>Inside SVGP or a deep-GP layer use {@link DiagonalEstimator#SAMPLE_AVERAGE}
 * ({@link #forVariationalModels}): with the unbiased diagonal the marginal variance
 * k_f(x, x) - kfu Kuu^-1 kuf + ... mixes an unbiased term with terms quadratic in the sampled
 * Kuf (biased upwards) and can come out negative. For a bound that is unbiased for the invariant
 * model itself (Gaussian likelihood), use {@link bms.invariance.models.InvariantSVGP}.
 *
 * <p>Inducing points for this kernel live in g's input space: use {@link InvariantInducingPoints},
 * whose covariances (Kuu = k_g(Z, Z), Kuf = E_a k_g(Z, t(x; a))) are registered with
 * {@link bms.kernels.covariances.Covariances} when this class is loaded.
 */
public final class Invariant extends Kernel {
  /**
   * Rows of transformed inputs per chunk (whole items, at least one). The diagonal needs only the
   * S x S block of each item but computes the whole (chunk x chunk) base-kernel matrix of a chunk,
   * so a chunk of c items costs c times the necessary work; at S = 10 and 784 pixels, chunks of
   * 64 rows made the diagonal cost about as much as Kuf with M = 100, chunks of one item a sixth.
   */
  static final int CHUNK_ROWS = 16;

  static {
    InvariantCovariances.register();
  }

  /** How many recent input nodes keep their draws (K(x, x2) needs two at once). */
  private static final int MEMO_SIZE = 4;

  private final Kernel base;
  private final Orbit orbit;
  private final DiagonalEstimator diagonalEstimator;
  private final ArrayDeque<Memo> memo = new ArrayDeque<>();

  /** The draws of one input node and what they were drawn with. */
  private record Memo(Var input, List<Var> theta, int samples, EpsilonSource source, OrbitSamples draws) {}

  /** With the unbiased diagonal estimator. */
  public Invariant(Kernel base, Orbit orbit) {
    this(base, orbit, DiagonalEstimator.UNBIASED);
  }

  public Invariant(Kernel base, Orbit orbit, DiagonalEstimator diagonalEstimator) {
    this.base = addModule("base", Objects.requireNonNull(base, "base"));
    this.orbit = addModule("orbit", Objects.requireNonNull(orbit, "orbit"));
    this.diagonalEstimator = Objects.requireNonNull(diagonalEstimator, "diagonalEstimator");
  }

  /** The kernel as SVGP and deep-GP layers need it: the sample-average diagonal (the talk's procedure). */
  public static Invariant forVariationalModels(Kernel base, Orbit orbit) {
    return new Invariant(base, orbit, DiagonalEstimator.SAMPLE_AVERAGE);
  }

  public DiagonalEstimator diagonalEstimator() {
    return diagonalEstimator;
  }

  /** Forgets all memoised draws, so the next call draws afresh even for a node seen before. */
  public void resample() {
    memo.clear();
  }

  /** k_g, the kernel of the non-invariant function g. */
  public Kernel base() {
    return base;
  }

  public Orbit orbit() {
    return orbit;
  }

  /** S, the transformed copies per input (G for an exact orbit). */
  public int samplesPerInput() {
    return orbit.samplesPerInput();
  }

  /**
   * The transformed copies of x under the orbit: the memoised draws of this node if any, else
   * fresh draws (for a sampled orbit), chunked by whole inputs.
   */
  public OrbitSamples sample(Var x) {
    List<Var> theta = new ArrayList<>();
    for (Parameter p : orbit.parameters().values()) theta.add(p.var());
    int samples = orbit.samplesPerInput();
    EpsilonSource source = orbit instanceof SampledOrbit so ? so.epsilons() : null;
    for (Memo m : memo) {
      if (m.input() == x && m.samples() == samples && m.source() == source && sameNodes(m.theta(), theta)) {
        return m.draws();
      }
    }
    OrbitSamples draws = draw(x);
    memo.removeIf(m -> m.input() == x);
    if (memo.size() == MEMO_SIZE) memo.removeLast();
    memo.addFirst(new Memo(x, theta, samples, source, draws));
    return draws;
  }

  private static boolean sameNodes(List<Var> a, List<Var> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) return false;
    }
    return true;
  }

  /**
   * Draws for all of x, transformed chunk by chunk. The noise of a sampled orbit is drawn once for
   * all N*S rows and then split, so the draws do not depend on the chunking.
   */
  private OrbitSamples draw(Var x) {
    int s = orbit.samplesPerInput();
    int per = Math.max(1, CHUNK_ROWS / s);
    List<Var> chunks = new ArrayList<>();
    if (x.rows() <= per) {
      chunks.add(orbit.apply(x));
      return new OrbitSamples(chunks, s);
    }
    Matrix eps = orbit instanceof SampledOrbit so ? so.drawEpsilon(x.rows()) : null;
    for (int r = 0; r < x.rows(); r += per) {
      int end = Math.min(x.rows(), r + per);
      Var part = x.sliceRows(r, end);
      chunks.add(eps == null ? orbit.apply(part)
          : ((SampledOrbit) orbit).applyWithEpsilon(part, rows(eps, r * s, end * s)));
    }
    return new OrbitSamples(chunks, s);
  }

  private static Matrix rows(Matrix m, int r0, int r1) {
    Matrix out = new Matrix(r1 - r0, m.cols());
    System.arraycopy(m.data(), r0 * m.cols(), out.data(), 0, out.size());
    return out;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    int s = orbit.samplesPerInput();
    Var xs = sample(x).all();
    Var big = x2 == x ? base.K(xs) : base.K(xs, sample(x2).all());
    return OrbitAverages.blockMean(big, s, s);
  }

  /**
   * Exact on an exact orbit; on a sampled one the estimate chosen by
   * {@link #diagonalEstimator()} (the unbiased one needs S >= 2).
   */
  @Override
  protected Var computeKdiag(Var x) {
    return diagonal(sample(x), !orbit.isExact() && diagonalEstimator == DiagonalEstimator.UNBIASED);
  }

  /**
   * The per-input mean of k_g over pairs of its transformed copies, N x 1: over all S^2 pairs
   * (exact on an exact orbit; the variance of f_hat on a sampled one), or over the S(S-1) pairs
   * with s != s' when {@code offDiagonal} (unbiased for k_f(x, x) on a sampled orbit).
   */
  public Var diagonal(OrbitSamples samples, boolean offDiagonal) {
    int s = samples.samples();
    if (offDiagonal && s < 2) {
      throw new IllegalArgumentException("the unbiased off-diagonal estimate of k_f(x, x) needs S >= 2 samples per "
          + "input, but the orbit gives S = " + s + "; raise the orbit's samples");
    }
    List<Var> parts = new ArrayList<>();
    for (Var chunk : samples.chunks()) {
      parts.add(OrbitAverages.diagonalBlockMeans(base.K(chunk), s, offDiagonal));
    }
    return parts.size() == 1 ? parts.get(0) : Var.concatRows(parts);
  }

  /** Kuf[m, n] = E_a k_g(z_m, t(x_n; a)), M x N, from the draws of node x. */
  public Var Kuf(Var z, Var x) {
    return kufFromDraws(z, sample(x));
  }

  /** Kuf[m, n] = 1/S sum_s k_g(z_m, t(x_n; a_s)) from given draws, M x N. */
  public Var kufFromDraws(Var z, OrbitSamples samples) {
    return averageOverSamples(kufPerSample(z, samples), samples.samples());
  }

  /**
   * k_g(z_m, t(x_n; a_s)) for every draw, M x (N*S), column {@code n * S + s}: the covariance of
   * u with g at each transformed input, before the average over the orbit.
   */
  public Var kufPerSample(Var z, OrbitSamples samples) {
    return base.K(z, samples.all());
  }

  /** The mean of each input's S consecutive columns: M x (N*S) to M x N. */
  public static Var averageOverSamples(Var perSample, int s) {
    return OrbitAverages.blockMean(perSample, 1, s);
  }
}
