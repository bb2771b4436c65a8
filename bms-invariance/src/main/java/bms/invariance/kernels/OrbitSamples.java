package bms.invariance.kernels;

import bms.core.autodiff.Var;
import java.util.List;

/**
 * The transformed copies of N inputs under an orbit, (N*S) x D item-major, kept as chunks of
 * whole items. The chunks let the within-item S x S blocks that the diagonal needs be computed
 * chunk by chunk, without forming the whole (N*S) x (N*S) base-kernel matrix; {@link #all()} is
 * their concatenation for the cross-covariances.
 *
 * <p>Computing Kuf and the diagonal from one OrbitSamples makes them use the same draws, which
 * the Monte Carlo function estimate f(x) ~= 1/S sum_s g(t(x; a_s)) of the talk requires.
 */
public final class OrbitSamples {
  private final List<Var> chunks;
  private final int samples;
  private final int items;
  private Var all;

  OrbitSamples(List<Var> chunks, int samples) {
    this.chunks = List.copyOf(chunks);
    this.samples = samples;
    int rows = 0;
    for (Var c : this.chunks) rows += c.rows();
    this.items = rows / samples;
  }

  /** S, the transformed copies per input. */
  public int samples() {
    return samples;
  }

  /** N, the number of inputs. */
  public int items() {
    return items;
  }

  /** The chunks, each (B_k * S) x D, in input order. */
  public List<Var> chunks() {
    return chunks;
  }

  /** All transformed inputs, (N*S) x D, row {@code n * S + s}. */
  public Var all() {
    if (all == null) all = chunks.size() == 1 ? chunks.get(0) : Var.concatRows(chunks);
    return all;
  }
}
