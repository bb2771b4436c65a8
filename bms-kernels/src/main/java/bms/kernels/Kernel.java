package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.param.Module;

/**
 * A positive semi-definite covariance function k(x, x') on the rows of its inputs. Kernels are
 * {@link Module}s, so their hyperparameters are named, constrained, trainable parameters.
 *
 * <p>Inputs are N x D matrices (one point per row). A kernel may look at a subset of the input
 * columns (its active dimensions); {@link #K} and {@link #Kdiag} select them before calling
 * the subclass.
 */
public abstract class Kernel extends Module {
  private final int[] activeDims;

  /** A kernel on all input columns. */
  protected Kernel() {
    this(null);
  }

  /** A kernel on the given input columns (null for all). */
  protected Kernel(int[] activeDims) {
    if (activeDims != null) {
      for (int d : activeDims) {
        if (d < 0) throw new IllegalArgumentException("active dimension " + d + " is negative");
      }
    }
    this.activeDims = activeDims == null ? null : activeDims.clone();
  }

  /** The input columns this kernel reads, or null for all. */
  public final int[] activeDims() {
    return activeDims == null ? null : activeDims.clone();
  }

  /** The cross-covariance K(X, X2): N x M. */
  public final Var K(Var x, Var x2) {
    Var a = select(x, "X");
    Var b = x2 == x ? a : select(x2, "X2");
    if (a.cols() != b.cols()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": X has " + a.cols()
          + " (active) columns but X2 has " + b.cols());
    }
    return computeK(a, b);
  }

  /** The covariance K(X, X): N x N, symmetric. */
  public final Var K(Var x) {
    Var a = select(x, "X");
    return computeK(a, a);
  }

  /** The diagonal of K(X, X) as an N x 1 column, without forming K. */
  public final Var Kdiag(Var x) {
    return computeKdiag(select(x, "X"));
  }

  /**
   * X restricted to this kernel's active columns (X itself when the kernel reads all of them).
   * Covariance functions for inter-domain features use it to see what {@link #K} would see.
   */
  public final Var activeColumns(Var x) {
    return select(x, "X");
  }

  /**
   * K(X, X2) on the active columns. {@code x2 == x} (the same node) means the symmetric case,
   * which implementations may exploit (for example an exactly zero distance diagonal).
   */
  protected abstract Var computeK(Var x, Var x2);

  /** diag K(X, X) on the active columns, N x 1. */
  protected abstract Var computeKdiag(Var x);

  private Var select(Var x, String what) {
    if (activeDims == null) return x;
    for (int d : activeDims) {
      if (d >= x.cols()) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": active dimension " + d + " but " + what
            + " has only " + x.cols() + " columns");
      }
    }
    return Columns.select(x, activeDims);
  }
}
