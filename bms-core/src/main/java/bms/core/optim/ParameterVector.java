package bms.core.optim;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A flat view of a fixed list of trainable parameters for optimisers: their unconstrained values
 * packed, in path order and row-major within each parameter, into one {@code double[]}, the same
 * layout for gradients. The list is taken when the view is made; later changes to trainable flags
 * are not seen.
 */
public final class ParameterVector {
  private final String[] paths;
  private final Parameter[] params;
  private final int[] offsets; // offsets[k] is where parameter k starts; offsets[n] is the size

  /** The parameters in the given (path to parameter) order; all must be trainable. */
  public ParameterVector(Map<String, Parameter> byPath) {
    int n = byPath.size();
    paths = new String[n];
    params = new Parameter[n];
    offsets = new int[n + 1];
    int k = 0;
    for (Map.Entry<String, Parameter> e : byPath.entrySet()) {
      Parameter p = e.getValue();
      if (!p.trainable()) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "' is not trainable; an optimiser cannot "
            + "change it (leave it out, or set it trainable first)");
      }
      for (int j = 0; j < k; j++) {
        if (params[j] == p) {
          throw new IllegalArgumentException("parameter '" + e.getKey() + "' is the same object as '" + paths[j]
              + "'; list a shared parameter once");
        }
      }
      paths[k] = e.getKey();
      params[k] = p;
      offsets[k + 1] = offsets[k] + p.size();
      k++;
    }
  }

  /** The trainable parameters of {@code model}, in {@link Module#parameters()} order. */
  public static ParameterVector trainable(Module model) {
    return new ParameterVector(model.trainableParameters());
  }

  /** The total number of unconstrained entries. */
  public int size() {
    return offsets[params.length];
  }

  public int count() {
    return params.length;
  }

  public List<String> paths() {
    return List.of(paths);
  }

  public String path(int k) {
    return paths[k];
  }

  public Parameter parameter(int k) {
    return params[k];
  }

  /** Where parameter k's entries start in the flat layout. */
  public int offset(int k) {
    return offsets[k];
  }

  /** The packed unconstrained values (a fresh array). */
  public double[] values() {
    double[] x = new double[size()];
    for (int k = 0; k < params.length; k++) {
      double[] u = params[k].unconstrained().data();
      System.arraycopy(u, 0, x, offsets[k], u.length);
    }
    return x;
  }

  /** Sets every parameter's unconstrained value from the packed {@code x}. */
  public void setValues(double[] x) {
    requireLength("values", x);
    for (int k = 0; k < params.length; k++) {
      Parameter p = params[k];
      Matrix u = Matrix.wrap(p.rows(), p.cols(), Arrays.copyOfRange(x, offsets[k], offsets[k + 1]));
      p.setUnconstrained(u);
    }
  }

  /** The packed gradients with respect to the parameters' current leaves. */
  public double[] gradient(Gradients grads) {
    double[] g = new double[size()];
    gradientInto(grads, g);
    return g;
  }

  private void gradientInto(Gradients grads, double[] g) {
    for (int k = 0; k < params.length; k++) {
      double[] gk = grads.get(params[k].leaf()).data();
      System.arraycopy(gk, 0, g, offsets[k], gk.length);
    }
  }

  /**
   * Builds the loss at the current values, differentiates it, writes the packed gradient into
   * {@code gradOut} and returns the loss.
   */
  public double valueAndGradient(Objective objective, double[] gradOut) {
    requireLength("gradient buffer", gradOut);
    Var loss = objective.loss();
    if (!loss.value().isScalar()) {
      throw new IllegalArgumentException("the objective must return a 1x1 loss, got " + loss.value().shapeString());
    }
    gradientInto(Gradients.of(loss), gradOut);
    return loss.scalar();
  }

  /** Names flat index i as {@code path} or {@code path (row, col)}. */
  public String locate(int i) {
    if (i < 0 || i >= size()) {
      throw new IllegalArgumentException("flat index " + i + " outside [0, " + size() + ")");
    }
    int k = pathIndex(i);
    Parameter p = params[k];
    int local = i - offsets[k];
    return p.size() == 1 ? paths[k] : paths[k] + " (" + local / p.cols() + ", " + local % p.cols() + ")";
  }

  /** The index of the first non-finite entry of {@code v}, or -1. */
  public static int firstNonFinite(double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) return i;
    }
    return -1;
  }

  /**
   * Throws a {@link NonFiniteObjectiveException} if the loss or any gradient entry is not finite,
   * naming the first parameter path with a non-finite gradient; {@code where} starts the message.
   */
  void requireFinite(String where, double loss, double[] grad) {
    int bad = firstNonFinite(grad);
    if (Double.isFinite(loss) && bad < 0) return;
    StringBuilder msg = new StringBuilder(where).append(": the loss is ").append(loss);
    String path = null;
    if (bad >= 0) {
      path = paths[pathIndex(bad)];
      msg.append(" and the gradient is ").append(grad[bad]).append(" at ").append(locate(bad))
          .append(" (the first parameter with a non-finite gradient)");
    } else {
      msg.append(" (the gradient is finite)");
    }
    throw new NonFiniteObjectiveException(msg.toString(), path);
  }

  /** The parameter that flat index i belongs to. */
  private int pathIndex(int i) {
    int k = Arrays.binarySearch(offsets, i);
    k = k >= 0 ? k : -k - 2;
    while (offsets[k + 1] == offsets[k]) k++; // skip empty parameters
    return k;
  }

  /** Parameter k's slice of a packed array, as a copy. */
  double[] slice(double[] packed, int k) {
    return Arrays.copyOfRange(packed, offsets[k], offsets[k + 1]);
  }

  private void requireLength(String what, double[] x) {
    if (x.length != size()) {
      throw new IllegalArgumentException(what + " has length " + x.length + " but the parameters have " + size()
          + " unconstrained entries " + describe());
    }
  }

  private String describe() {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < params.length; k++) parts.add(paths[k] + " " + params[k].rows() + "x" + params[k].cols());
    return parts.toString();
  }
}
