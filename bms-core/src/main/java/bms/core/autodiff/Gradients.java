package bms.core.autodiff;

import bms.core.matrix.Matrix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation of a scalar {@link Var}. Gradients live in this object, not in
 * the nodes, so one graph can be differentiated many times and nodes stay immutable.
 */
public final class Gradients {
  private final Map<Var, Matrix> grads;

  private Gradients(Map<Var, Matrix> grads) {
    this.grads = grads;
  }

  /** d(output)/d(every node that requires a gradient); {@code output} must be 1x1. */
  public static Gradients of(Var output) {
    if (!output.value().isScalar()) {
      throw new IllegalArgumentException(
          "gradients need a scalar (1x1) output, got " + output.value().shapeString()
              + "; sum it first or give a seed with of(output, seed)");
    }
    return of(output, Matrix.scalar(1.0));
  }

  /** Vector-Jacobian product: {@code seed} is dL/d(output). */
  public static Gradients of(Var output, Matrix seed) {
    Matrix.requireSameShape("gradient seed", output.value(), seed);
    Map<Var, Matrix> grads = new IdentityHashMap<>();
    if (!output.requiresGrad()) {
      return new Gradients(grads);
    }
    List<Var> order = topologicalOrder(output);
    Sink sink = new Sink(grads);
    grads.put(output, seed);
    for (int i = order.size() - 1; i >= 0; i--) {
      Var v = order.get(i);
      Matrix g = grads.get(v);
      if (g == null || v.backwardFn() == null) {
        continue;
      }
      v.backwardFn().apply(g, sink);
      if (!v.isLeaf()) {
        // Interior gradients are not needed once passed on; free them early.
        grads.remove(v);
      }
    }
    unshare(grads, seed);
    return new Gradients(grads);
  }

  /**
   * Backward passes may hand one matrix to several inputs (add passes its gradient to both
   * sides), and the seed belongs to the caller. Give every returned gradient its own storage,
   * so that a caller who updates one in place cannot change another.
   */
  private static void unshare(Map<Var, Matrix> grads, Matrix seed) {
    Set<Matrix> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(seed);
    for (Map.Entry<Var, Matrix> e : grads.entrySet()) {
      if (!seen.add(e.getValue())) {
        e.setValue(e.getValue().copy());
      }
    }
  }

  /** Nodes reachable from {@code output} that need gradients, parents before children. */
  private static List<Var> topologicalOrder(Var output) {
    List<Var> order = new ArrayList<>();
    Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {output, 0});
    visited.add(output);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Var v = (Var) frame[0];
      int next = (Integer) frame[1];
      Var[] parents = v.parents();
      if (next < parents.length) {
        frame[1] = next + 1;
        Var p = parents[next];
        if (p.requiresGrad() && visited.add(p)) {
          stack.push(new Object[] {p, 0});
        }
      } else {
        stack.pop();
        order.add(v);
      }
    }
    return order;
  }

  /** The gradient for {@code v}: zeros of its shape when the output does not depend on it. */
  public Matrix get(Var v) {
    Matrix g = grads.get(v);
    return g != null ? g : new Matrix(v.value().rows(), v.value().cols());
  }

  /** Whether the output depends on {@code v} through differentiable operations. */
  public boolean has(Var v) {
    return grads.containsKey(v);
  }

  private static final class Sink implements GradientSink {
    private final Map<Var, Matrix> grads;
    // Targets whose gradient matrix this sink allocated and nobody else has seen yet. Keyed by
    // node, not by matrix: once a node's backward runs, its matrix may be handed on to several
    // parents, and adding into it in place for one of them would corrupt the others.
    private final Set<Var> owned = Collections.newSetFromMap(new IdentityHashMap<>());

    Sink(Map<Var, Matrix> grads) {
      this.grads = grads;
    }

    @Override
    public void accumulate(Var target, Matrix grad) {
      Matrix old = existing(target, grad);
      if (old == null) {
        return;
      }
      // The first contribution may be shared with another node: copy before adding in place.
      if (owned.add(target)) {
        old = old.copy();
        grads.put(target, old);
      }
      addInto(old, grad);
    }

    @Override
    public void accumulateFresh(Var target, Matrix grad) {
      Matrix old = existing(target, grad);
      if (old == null) {
        if (target.requiresGrad()) owned.add(target);
        return;
      }
      if (owned.add(target)) {
        // The stored contribution may be shared: add it into the fresh one instead of copying it
        // (addition commutes, so the sum is the same to the bit).
        addInto(grad, old);
        grads.put(target, grad);
        return;
      }
      addInto(old, grad);
    }

    /**
     * The gradient stored for {@code target} before this contribution, or null when there was
     * none (then {@code grad} is stored as it is) or the target needs no gradient.
     */
    private Matrix existing(Var target, Matrix grad) {
      if (!target.requiresGrad()) {
        return null;
      }
      Matrix.requireSameShape("gradient for " + target.describe(), target.value(), grad);
      Matrix old = grads.get(target);
      if (old == null) {
        grads.put(target, grad);
      }
      return old;
    }

    private static void addInto(Matrix into, Matrix other) {
      double[] o = into.data();
      double[] g = other.data();
      for (int i = 0; i < o.length; i++) {
        o[i] += g[i];
      }
    }
  }
}
