package bms.kernels;

import java.util.List;

/**
 * A kernel built from other kernels (sum or product). Each part keeps its own active dimensions;
 * the combination passes it the full input.
 */
public abstract class Combination extends Kernel {
  private final List<Kernel> kernels;

  protected Combination(List<? extends Kernel> kernels) {
    super(null);
    if (kernels == null || kernels.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs at least one kernel");
    }
    for (int i = 0; i < kernels.size(); i++) {
      if (kernels.get(i) == null) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel " + i + " is null");
      }
    }
    this.kernels = addModules("kernels", List.copyOf(kernels));
  }

  /** The parts, in order. */
  public List<Kernel> kernels() {
    return kernels;
  }
}
