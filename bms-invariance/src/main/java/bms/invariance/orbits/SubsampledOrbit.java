package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * S elements drawn uniformly, with replacement and independently per input, from a finite
 * permutation group: {@code g = floor(eps * |G|)}. Averages over it are unbiased Monte Carlo
 * estimates of the exact orbit averages of the group, which makes it the reference case for
 * testing the sampled estimators against exact answers.
 */
public final class SubsampledOrbit extends SampledOrbit {
  private final PermutationOrbit group;

  public SubsampledOrbit(PermutationOrbit group, int samples, EpsilonSource epsilons) {
    super(samples, epsilons);
    this.group = java.util.Objects.requireNonNull(group, "group");
  }

  public PermutationOrbit group() {
    return group;
  }

  @Override
  public int epsilonDim() {
    return 1;
  }

  @Override
  protected Var transform(Var x, Matrix eps) {
    if (x.cols() != group.dim()) {
      throw new IllegalArgumentException("the group permutes " + group.dim() + " columns but x is " + x.describe());
    }
    int order = group.order();
    int[] which = new int[eps.rows()];
    for (int r = 0; r < which.length; r++) which[r] = Math.min(order - 1, (int) (eps.data()[r] * order));
    return group.applySelected(x, which, samples());
  }
}
