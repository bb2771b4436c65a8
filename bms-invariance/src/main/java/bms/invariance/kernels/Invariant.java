package bms.invariance.kernels;

import bms.core.autodiff.Var;
import bms.invariance.orbits.Orbit;
import bms.kernels.Kernel;
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
 *   <li>{@link #Kdiag}: the unbiased off-diagonal estimate
 *       1/(S(S-1)) sum_{s != s'} k_g(t(x; a_s), t(x; a_s')), which needs S >= 2.</li>
 * </ul>
 *
 * <p>Inducing points for this kernel live in g's input space: use {@link InvariantInducingPoints},
 * whose covariances (Kuu = k_g(Z, Z), Kuf = E_a k_g(Z, t(x; a))) are registered with
 * {@link bms.kernels.covariances.Covariances} when this class is loaded.
 */
public final class Invariant extends Kernel {
  /** Rows of transformed inputs per chunk when only within-item blocks are needed. */
  static final int CHUNK_ROWS = 64;

  static {
    InvariantCovariances.register();
  }

  private final Kernel base;
  private final Orbit orbit;

  public Invariant(Kernel base, Orbit orbit) {
    this.base = addModule("base", Objects.requireNonNull(base, "base"));
    this.orbit = addModule("orbit", Objects.requireNonNull(orbit, "orbit"));
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
   * The transformed copies of x under the orbit (fresh draws for a sampled orbit), to compute Kuf
   * and the diagonal from the same draws.
   */
  public OrbitSamples sample(Var x) {
    int s = orbit.samplesPerInput();
    int per = Math.max(1, CHUNK_ROWS / s);
    List<Var> chunks = new ArrayList<>();
    if (x.rows() <= per) {
      chunks.add(orbit.apply(x));
    } else {
      for (int r = 0; r < x.rows(); r += per) {
        chunks.add(orbit.apply(x.sliceRows(r, Math.min(x.rows(), r + per))));
      }
    }
    return new OrbitSamples(chunks, s);
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    int s = orbit.samplesPerInput();
    Var xs = orbit.apply(x);
    Var big = x2 == x ? base.K(xs) : base.K(xs, orbit.apply(x2));
    return OrbitAverages.blockMean(big, s, s);
  }

  /** Exact on an exact orbit; the unbiased off-diagonal estimate on a sampled one (S >= 2). */
  @Override
  protected Var computeKdiag(Var x) {
    return diagonal(sample(x), !orbit.isExact());
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

  /** Kuf[m, n] = E_a k_g(z_m, t(x_n; a)), M x N, with fresh draws. */
  public Var Kuf(Var z, Var x) {
    return kuf(z, new OrbitSamples(List.of(orbit.apply(x)), orbit.samplesPerInput()));
  }

  /** Kuf[m, n] = 1/S sum_s k_g(z_m, t(x_n; a_s)) from given draws, M x N. */
  public Var kuf(Var z, OrbitSamples samples) {
    return OrbitAverages.blockMean(base.K(z, samples.all()), 1, samples.samples());
  }
}
