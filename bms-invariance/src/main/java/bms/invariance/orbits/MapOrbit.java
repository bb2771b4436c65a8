package bms.invariance.orbits;

import bms.core.autodiff.Var;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A user-given finite set of differentiable maps {t_1, ..., t_G}, each taking N x D inputs to
 * N x D' rows. Averages over it are exact. The kernel built on it is invariant to every t_g
 * only when the set is a group (closed under composition); this class cannot check that for
 * arbitrary maps, so it is the caller's promise. For column permutations use
 * {@link PermutationOrbit}, which checks closure and is faster.
 */
public final class MapOrbit extends Orbit {
  private final List<UnaryOperator<Var>> maps;

  public MapOrbit(List<UnaryOperator<Var>> maps) {
    if (maps.isEmpty()) throw new IllegalArgumentException("a map orbit needs at least one map");
    this.maps = List.copyOf(maps);
  }

  @Override
  public int samplesPerInput() {
    return maps.size();
  }

  @Override
  public boolean isExact() {
    return true;
  }

  @Override
  public Var apply(Var x) {
    int n = x.rows(), count = maps.size();
    Var[] images = new Var[count];
    for (int g = 0; g < count; g++) {
      images[g] = maps.get(g).apply(x);
      if (images[g].rows() != n) {
        throw new IllegalArgumentException("map " + g + " turned " + n + " rows into " + images[g].rows()
            + "; each map must keep one row per input");
      }
      if (images[g].cols() != images[0].cols()) {
        throw new IllegalArgumentException("map " + g + " gives " + images[g].cols() + " columns but map 0 gives "
            + images[0].cols());
      }
    }
    // concatRows is map-major (row g * N + n); reorder to item-major (row n * G + g).
    int[] index = new int[n * count];
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < count; g++) index[i * count + g] = g * n + i;
    }
    return Var.concatRows(images).gatherRows(index);
  }
}
