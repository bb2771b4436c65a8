package bms.spark;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * Every parameter of a module as plain arrays: paths, unconstrained values packed in path order
 * and trainable flags. This is what the driver broadcasts each iteration; an executor applies it
 * to the tree its {@link ModuleFactory} built, which then equals the driver's bit for bit.
 * Non-trainable parameters are carried too, so a value fixed on the driver after construction
 * reaches the executors.
 */
public final class ModuleState implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] paths;
  private final int[] offsets;
  private final double[] values;
  private final boolean[] trainable;

  private ModuleState(String[] paths, int[] offsets, double[] values, boolean[] trainable) {
    this.paths = paths;
    this.offsets = offsets;
    this.values = values;
    this.trainable = trainable;
  }

  /** A copy of {@code module}'s current parameters. */
  public static ModuleState of(Module module) {
    Map<String, Parameter> params = module.parameters();
    String[] paths = new String[params.size()];
    int[] offsets = new int[params.size() + 1];
    boolean[] trainable = new boolean[params.size()];
    int k = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      paths[k] = e.getKey();
      trainable[k] = e.getValue().trainable();
      offsets[k + 1] = offsets[k] + e.getValue().size();
      k++;
    }
    double[] values = new double[offsets[k]];
    k = 0;
    for (Parameter p : params.values()) {
      System.arraycopy(p.unconstrained().data(), 0, values, offsets[k++], p.size());
    }
    return new ModuleState(paths, offsets, values, trainable);
  }

  /**
   * Loads these values and trainable flags into {@code module}, which must have the same
   * parameter paths and shapes (a factory that builds another tree is named in the error).
   */
  public <T extends Module> T applyTo(T module) {
    Map<String, Parameter> params = module.parameters();
    if (!Arrays.equals(paths, params.keySet().toArray(new String[0]))) {
      throw new IllegalArgumentException("the module built on this executor has parameters " + params.keySet()
          + " but the driver's has " + Arrays.toString(paths) + "; the ModuleFactory must build the driver's tree");
    }
    int k = 0;
    for (Parameter p : params.values()) {
      if (p.size() != offsets[k + 1] - offsets[k]) {
        throw new IllegalArgumentException("parameter '" + paths[k] + "' has " + p.size() + " entries here but "
            + (offsets[k + 1] - offsets[k]) + " on the driver");
      }
      p.setTrainable(trainable[k]);
      p.setUnconstrained(Matrix.wrap(p.rows(), p.cols(), Arrays.copyOfRange(values, offsets[k], offsets[k + 1])));
      k++;
    }
    return module;
  }

  /** A fresh module from {@code factory} holding these values. */
  public <T extends Module> T build(ModuleFactory<T> factory) {
    return applyTo(factory.get());
  }
}
