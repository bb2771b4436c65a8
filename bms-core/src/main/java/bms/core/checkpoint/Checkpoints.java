package bms.core.checkpoint;

import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.AdamState;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Takes checkpoints of a model (and optimiser) and restores them, all or nothing. */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * The structure description stored in a checkpoint: the model's class and, for each parameter,
   * its path, shape and constraint. Two models accept each other's checkpoints only when these
   * are equal.
   */
  public static String structureOf(Module model) {
    StringBuilder sb = new StringBuilder(model.getClass().getName());
    model.parameters().forEach((path, p) -> sb.append('\n').append(path).append(' ').append(p.rows()).append('x')
        .append(p.cols()).append(' ').append(p.bijector().describe()));
    return sb.toString();
  }

  /**
   * A checkpoint of the model's parameters, with optimiser state when {@code adam} is not null,
   * the named generator states (see {@link GeneratorState}) and counters.
   */
  public static Checkpoint capture(Module model, Adam adam, Map<String, GeneratorState> generators,
      Map<String, Long> counters) {
    Map<String, Matrix> values = new LinkedHashMap<>();
    model.parameters().forEach((path, p) -> values.put(path, p.unconstrained()));
    return new Checkpoint(structureOf(model), values, adam == null ? null : adam.exportState(), generators, counters);
  }

  /** A prediction-only checkpoint: parameters, no optimiser or generator state. */
  public static Checkpoint captureForPrediction(Module model) {
    return capture(model, null, Map.of(), Map.of());
  }

  /**
   * Loads the parameter values (and the optimiser state when {@code adam} is not null) into
   * {@code model}. Everything is checked before anything is changed: a checkpoint of another
   * structure is refused with the first difference named, and nothing is loaded halfway.
   */
  public static void restore(Checkpoint c, Module model, Adam adam) {
    String expected = structureOf(model);
    if (!expected.equals(c.structure())) {
      throw new IllegalArgumentException("checkpoint is for another model structure: " + firstDifference(c.structure(),
          expected));
    }
    Map<String, Parameter> params = model.parameters();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Matrix v = c.parameters().get(e.getKey());
      if (v == null || v.rows() != e.getValue().rows() || v.cols() != e.getValue().cols()) {
        throw new IllegalArgumentException("checkpoint has no value of the right shape for parameter " + e.getKey());
      }
      int bad = v.firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException("checkpoint value of " + e.getKey() + " has a non-finite entry at index " + bad);
      }
    }
    if (adam != null && c.adam() == null) {
      throw new IllegalArgumentException("checkpoint holds no optimiser state (it was saved for prediction only)");
    }
    if (adam != null) requireFiniteMoments(c.adam());
    AdamState previous = adam == null ? null : adam.exportState();
    Map<String, Matrix> old = new LinkedHashMap<>();
    params.forEach((path, p) -> old.put(path, p.unconstrained()));
    try {
      params.forEach((path, p) -> p.setUnconstrained(c.parameters().get(path)));
      if (adam != null) adam.restoreState(c.adam());
    } catch (RuntimeException e) {
      // Roll back so that a failure leaves the model as it was.
      params.forEach((path, p) -> p.setUnconstrained(old.get(path)));
      if (adam != null) adam.restoreState(previous);
      throw e;
    }
  }

  /** Adam's moments are finite and its second moments non-negative in any state a run can reach. */
  private static void requireFiniteMoments(AdamState s) {
    for (String path : s.firstMoments().keySet()) {
      double[] m = s.firstMoments().get(path);
      double[] v = s.secondMoments().get(path);
      for (int i = 0; i < m.length; i++) {
        if (!Double.isFinite(m[i]) || !Double.isFinite(v[i]) || v[i] < 0) {
          throw new IllegalArgumentException("checkpoint optimiser state of " + path + " has an invalid moment at index "
              + i + " (first " + m[i] + ", second " + v[i] + ")");
        }
      }
    }
  }

  private static String firstDifference(String saved, String expected) {
    String[] a = saved.split("\n", -1);
    String[] b = expected.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "(nothing)";
      String y = i < b.length ? b[i] : "(nothing)";
      if (!x.equals(y)) {
        return "line " + (i + 1) + " of the structure is '" + x + "' in the checkpoint but '" + y + "' in the model";
      }
    }
    return "(no difference found)";
  }
}
