package bms.core.param;

import bms.core.autodiff.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a model tree: it owns named parameters and named child modules (or lists of them),
 * so every parameter has a path such as {@code layers[1].kernel.lengthscales}.
 *
 * <p>Subclasses register what they own in their constructors with {@link #addParameter},
 * {@link #addModule} and {@link #addModules}. A parameter shared by two modules appears once,
 * under the first path that reaches it.
 */
public abstract class Module {
  private final Map<String, Object> entries = new LinkedHashMap<>();

  protected final <P extends Parameter> P addParameter(String name, P parameter) {
    put(name, java.util.Objects.requireNonNull(parameter, name));
    return parameter;
  }

  /**
   * Adds the parameter that {@code make} builds from a caller's initial value; if that value is
   * refused (non-finite, outside the constraint) the error names this module and the parameter.
   */
  protected final <P extends Parameter> P addParameterFrom(String name, java.util.function.Supplier<P> make) {
    P parameter;
    try {
      parameter = make.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " " + name + ": " + e.getMessage(), e);
    }
    return addParameter(name, parameter);
  }

  protected final <M extends Module> M addModule(String name, M module) {
    put(name, java.util.Objects.requireNonNull(module, name));
    return module;
  }

  protected final <M extends Module> List<M> addModules(String name, List<M> modules) {
    List<M> copy = List.copyOf(modules);
    put(name, copy);
    return copy;
  }

  private void put(String name, Object value) {
    if (name == null || name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("module entry name must be an identifier, got '" + name + "'");
    }
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " already has an entry named '" + name + "'");
    }
    entries.put(name, value);
  }

  /** Every parameter under this module by path, depth-first in registration order. */
  public final Map<String, Parameter> parameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  /** The trainable parameters by path. */
  public final Map<String, Parameter> trainableParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    parameters().forEach((k, p) -> {
      if (p.trainable()) out.put(k, p);
    });
    return out;
  }

  /** The direct children, by name ({@code name[i]} for lists). */
  public final Map<String, Module> children() {
    Map<String, Module> out = new LinkedHashMap<>();
    entries.forEach((name, v) -> {
      if (v instanceof Module m) {
        out.put(name, m);
      } else if (v instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) out.put(name + "[" + i + "]", (Module) list.get(i));
      }
    });
    return out;
  }

  private void collect(String prefix, Map<String, Parameter> out, Set<Object> seen) {
    if (!seen.add(this)) return;
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Object v = e.getValue();
      if (v instanceof Parameter p) {
        if (seen.add(p)) out.put(path, p);
      } else if (v instanceof Module m) {
        m.collect(path, out, seen);
      } else if (v instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) ((Module) list.get(i)).collect(path + "[" + i + "]", out, seen);
      }
    }
  }

  /**
   * Sum of {@link Parameter#logPrior()} over the trainable parameters that have a prior (0 if
   * none): the log prior density of the unconstrained values, Jacobian included, to be added to
   * a log likelihood for MAP estimation. Fixed parameters only add a constant, so they are left
   * out (as in GPflow).
   */
  public final Var logPrior() {
    List<Var> terms = new ArrayList<>();
    for (Parameter p : trainableParameters().values()) {
      if (p.prior() != null) terms.add(p.logPrior());
    }
    return terms.isEmpty() ? Var.constant(0.0) : Var.sumAll(terms);
  }

  /** The printable table of every parameter under this module; see {@link Summary}. */
  public final String summary() {
    return Summary.of(this).toString();
  }
}
