package bms.core.optim;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) on the unconstrained values of trainable parameters:
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g,    v = beta2 v + (1 - beta2) g^2,
 *   u = u - lr_t (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * with per-entry moments, a step count t and a learning rate from a {@link LearningRateSchedule}.
 * The state can be exported and restored ({@link #exportState}, {@link #restoreState}); a restored
 * run continues bit for bit as the original would have.
 */
public final class Adam {
  /** Parameter counts from which the update runs on all cores (below, a thread hand-off costs more). */
  private static final int PARALLEL_MIN = 1 << 16;
  private final ParameterVector params;
  private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-3);
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-8;
  private long step;
  private final double[] m;
  private final double[] v;

  /** Adam over the trainable parameters of {@code model} (fixed at construction). */
  public Adam(Module model) {
    this(ParameterVector.trainable(model));
  }

  public Adam(ParameterVector params) {
    this.params = params;
    this.m = new double[params.size()];
    this.v = new double[params.size()];
  }

  /** A constant learning rate (default 1e-3). */
  public Adam learningRate(double rate) {
    this.schedule = LearningRateSchedule.constant(rate);
    return this;
  }

  public Adam schedule(LearningRateSchedule schedule) {
    this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    return this;
  }

  /** The moment decay rates (defaults 0.9 and 0.999), each in [0, 1). */
  public Adam betas(double beta1, double beta2) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must be in [0, 1), got beta1=" + beta1 + " beta2=" + beta2);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    return this;
  }

  /** The denominator offset (default 1e-8), > 0. */
  public Adam epsilon(double epsilon) {
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("Adam epsilon must be finite and > 0, got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  public ParameterVector parameters() {
    return params;
  }

  /** Steps taken so far. */
  public long stepCount() {
    return step;
  }

  /**
   * One step: evaluates the loss and gradient at the current values and moves the parameters.
   * Returns the loss before the move. A non-finite loss or gradient throws a
   * {@link NonFiniteObjectiveException} and leaves parameters and state unchanged.
   */
  public double step(Objective objective) {
    double[] g = new double[params.size()];
    double loss = params.valueAndGradient(objective, g);
    return step(loss, g);
  }

  /**
   * One step from a loss and its packed gradient (in {@link #parameters()} layout) computed by
   * the caller at the current values, for schemes that share one evaluation between optimisers.
   * Returns the loss; a non-finite loss or gradient throws as {@link #step(Objective)} does.
   */
  public double step(double loss, double[] g) {
    if (g.length != params.size()) {
      throw new IllegalArgumentException("gradient has length " + g.length + " but Adam's parameters have "
          + params.size() + " entries");
    }
    params.requireFinite("Adam step " + (step + 1), loss, g);
    long t = step + 1;
    double rate = schedule.rate(t);
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException("learning-rate schedule gave " + rate + " at step " + t);
    }
    double c1 = 1.0 - Math.pow(beta1, t);
    double c2 = 1.0 - Math.pow(beta2, t);
    // Parameter by parameter: each new value is written once into a fresh array that the
    // parameter then owns, with no packed copy of all values. Entries are independent, so
    // splitting a large parameter over the cores changes no bit of the result.
    for (int k = 0; k < params.count(); k++) {
      Parameter p = params.parameter(k);
      double[] old = p.unconstrainedView().data();
      double[] next = new double[old.length];
      int off = params.offset(k);
      int chunks = old.length >= PARALLEL_MIN ? Runtime.getRuntime().availableProcessors() : 1;
      if (chunks > 1) {
        IntStream.range(0, chunks).parallel().forEach(c -> update(g, old, next, off, rate, c1, c2,
            (int) ((long) old.length * c / chunks), (int) ((long) old.length * (c + 1) / chunks)));
      } else {
        update(g, old, next, off, rate, c1, c2, 0, old.length);
      }
      p.adoptUnconstrained(Matrix.wrap(p.rows(), p.cols(), next));
    }
    step = t;
    return loss;
  }

  /** Entries [from, to) of one parameter whose moments start at {@code off} in the flat layout. */
  private void update(double[] g, double[] old, double[] next, int off, double rate, double c1, double c2, int from,
      int to) {
    for (int i = from; i < to; i++) {
      int j = off + i;
      if (g[j] == 0.0 && m[j] == 0.0 && v[j] == 0.0) {
        // The update would leave all three as they are (the masked upper triangles of a full
        // q_sqrt, half its entries, never get a gradient): skip its two divisions and root.
        next[i] = old[i];
        continue;
      }
      m[j] = beta1 * m[j] + (1.0 - beta1) * g[j];
      v[j] = beta2 * v[j] + (1.0 - beta2) * g[j] * g[j];
      next[i] = old[i] - rate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + epsilon);
    }
  }

  /** {@code steps} steps; returns the loss before the last one. */
  public double run(Objective objective, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    double loss = Double.NaN;
    for (int i = 0; i < steps; i++) loss = step(objective);
    return loss;
  }

  /** A copy of the state: step count and per-path moments. */
  public AdamState exportState() {
    Map<String, double[]> first = new LinkedHashMap<>();
    Map<String, double[]> second = new LinkedHashMap<>();
    for (int k = 0; k < params.count(); k++) {
      first.put(params.path(k), params.slice(m, k));
      second.put(params.path(k), params.slice(v, k));
    }
    return new AdamState(step, first, second);
  }

  /**
   * Replaces the state with {@code state}, which must cover exactly this optimiser's parameter
   * paths with matching sizes. Parameter values are not part of it: restore them separately.
   */
  public void restoreState(AdamState state) {
    if (!state.firstMoments().keySet().equals(new java.util.HashSet<>(params.paths()))) {
      throw new IllegalArgumentException("Adam state covers " + state.firstMoments().keySet()
          + " but this optimiser's parameters are " + params.paths());
    }
    for (int k = 0; k < params.count(); k++) {
      double[] a = state.firstMoments().get(params.path(k));
      int size = params.parameter(k).size();
      if (a.length != size) {
        throw new IllegalArgumentException("Adam state for '" + params.path(k) + "' has " + a.length
            + " entries but the parameter has " + size);
      }
    }
    for (int k = 0; k < params.count(); k++) {
      String p = params.path(k);
      System.arraycopy(state.firstMoments().get(p), 0, m, params.offset(k), params.parameter(k).size());
      System.arraycopy(state.secondMoments().get(p), 0, v, params.offset(k), params.parameter(k).size());
    }
    step = state.step();
  }
}
