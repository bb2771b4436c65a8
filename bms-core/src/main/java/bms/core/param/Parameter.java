package bms.core.param;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/**
 * A model parameter: an unconstrained value that optimisers change, a {@link Bijector} that
 * maps it to the constrained value models use, an optional {@link Prior} and a trainable flag.
 * Its name is its path in the {@link Module} tree that holds it.
 *
 * <p>{@link #var()} gives the constrained value as an autodiff node; gradients are taken with
 * respect to {@link #leaf()}, the unconstrained leaf. Both are cached until the value changes,
 * so one objective evaluation sees one leaf however often the model reads the parameter.
 */
public final class Parameter {
  private final Bijector bijector;
  private Prior prior;
  private boolean trainable = true;
  private Matrix unconstrained;
  private Var leaf;
  private Var value;

  /** A parameter whose constrained value starts at {@code initial}. */
  public Parameter(Matrix initial, Bijector bijector) {
    this.bijector = java.util.Objects.requireNonNull(bijector, "bijector");
    checkFinite("initial value", initial);
    this.unconstrained = bijector.inverse(initial);
  }

  public static Parameter unconstrained(Matrix initial) {
    return new Parameter(initial, IdentityBijector.INSTANCE);
  }

  /** Positive, with the floor of {@link PositiveFloor#current()} (1e-6 unless a scope changes it). */
  public static Parameter positive(Matrix initial) {
    return new Parameter(initial, new PositiveBijector(PositiveFloor.current()));
  }

  /** Positive with its own floor: values stay above {@code lowerBound} (>= 0). */
  public static Parameter positive(Matrix initial, double lowerBound) {
    return new Parameter(initial, new PositiveBijector(lowerBound));
  }

  public static Parameter positive(double initial) {
    return positive(Matrix.scalar(initial));
  }

  public static Parameter interval(Matrix initial, double lo, double hi) {
    return new Parameter(initial, new IntervalBijector(lo, hi));
  }

  public static Parameter lowerTriangular(Matrix initial) {
    return new Parameter(initial, LowerTriangularBijector.INSTANCE);
  }

  /** The constrained value as a node: differentiable when trainable, a constant otherwise. */
  public Var var() {
    if (value == null) {
      leaf = trainable ? Var.variable(unconstrained) : Var.constant(unconstrained);
      value = bijector.forward(leaf);
    }
    return value;
  }

  /** The unconstrained leaf that {@link #var()} is computed from (gradients are read here). */
  public Var leaf() {
    var();
    return leaf;
  }

  /** A copy of the constrained value. */
  public Matrix value() {
    return var().value().copy();
  }

  /** The constrained value of a 1x1 parameter. */
  public double scalar() {
    return var().value().scalarValue();
  }

  /** Sets the constrained value. */
  public void assign(Matrix constrained) {
    requireShape(constrained);
    checkFinite("assigned value", constrained);
    setUnconstrainedOwned(bijector.inverse(constrained));
  }

  public void assign(double constrained) {
    assign(Matrix.scalar(constrained));
  }

  /**
   * The unconstrained value itself, not a copy, for optimisers that read every entry once per
   * step: callers must not modify it (set a new value with {@link #adoptUnconstrained}).
   */
  public Matrix unconstrainedView() {
    return unconstrained;
  }

  /** A copy of the unconstrained value. */
  public Matrix unconstrained() {
    return unconstrained.copy();
  }

  /** Sets the unconstrained value (optimisers and checkpoints use this). */
  public void setUnconstrained(Matrix u) {
    requireShape(u);
    checkFinite("unconstrained value", u);
    setUnconstrainedOwned(u.copy());
  }

  /**
   * Sets the unconstrained value to {@code u} itself, not a copy: for optimisers that build a
   * fresh matrix every step and never touch it again. Shape and finiteness are checked as by
   * {@link #setUnconstrained}.
   */
  public void adoptUnconstrained(Matrix u) {
    requireShape(u);
    checkFinite("unconstrained value", u);
    setUnconstrainedOwned(u);
  }

  private void setUnconstrainedOwned(Matrix u) {
    this.unconstrained = u;
    this.leaf = null;
    this.value = null;
  }

  public int rows() {
    return unconstrained.rows();
  }

  public int cols() {
    return unconstrained.cols();
  }

  public int size() {
    return unconstrained.size();
  }

  public Bijector bijector() {
    return bijector;
  }

  /** The prior on the constrained value, or null. */
  public Prior prior() {
    return prior;
  }

  /** Sets (or with null removes) the prior; the bijector must supply its log-Jacobian. */
  public Parameter setPrior(Prior prior) {
    if (prior != null) {
      // Fail here, not in the middle of an optimisation, if the bijector cannot carry a prior.
      bijector.logDetJacobian(Var.constant(unconstrained));
    }
    this.prior = prior;
    return this;
  }

  /**
   * The log prior density of the unconstrained value u, {@code log p(x(u)) + log |dx/du|}, where
   * p is the prior on the constrained value x; zero without a prior. The Jacobian term makes
   * maximum a posteriori estimation in u (what the optimisers do) a proper change of variables,
   * as in GPflow; {@code prior().logDensity(var())} is the density of x alone.
   */
  public Var logPrior() {
    if (prior == null) {
      return Var.constant(0.0);
    }
    return prior.logDensity(var()).add(bijector.logDetJacobian(leaf()));
  }

  public boolean trainable() {
    return trainable;
  }

  public Parameter setTrainable(boolean trainable) {
    this.trainable = trainable;
    this.leaf = null;
    this.value = null;
    return this;
  }

  private void requireShape(Matrix m) {
    if (m.rows() != unconstrained.rows() || m.cols() != unconstrained.cols()) {
      throw new IllegalArgumentException("parameter is " + unconstrained.shapeString() + ", got a value of shape "
          + m.shapeString());
    }
  }

  private static void checkFinite(String what, Matrix m) {
    int bad = m.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(what + " has a non-finite entry " + m.data()[bad] + " at (" + bad / m.cols()
          + ", " + bad % m.cols() + ")");
    }
  }
}
