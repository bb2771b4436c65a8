package bms.core.checkpoint;

import bms.core.matrix.Matrix;
import bms.core.optim.AdamState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to resume training exactly: the model's structure description, every
 * parameter's unconstrained value by path (float64, bit for bit), the optimiser state (absent
 * for a prediction-only save), named random generator states (plain numbers) and named counters (step,
 * minibatch position).
 *
 * @param structure a description of the model's structure; loading into a model whose
 *     description differs is refused
 * @param parameters path to unconstrained value
 * @param adam the optimiser state, or null for a model saved for prediction only
 * @param generators name to the state of a random generator, as plain numbers
 * @param counters name to a counter, such as "step"
 */
public record Checkpoint(
    String structure,
    Map<String, Matrix> parameters,
    AdamState adam,
    Map<String, GeneratorState> generators,
    Map<String, Long> counters) {

  /**
   * The format version this code writes. Version 2 stores generator states as numbers; version 1
   * stored them as serialised Java objects, and is read only when it holds none (see
   * {@link CheckpointFile}).
   */
  public static final int FORMAT_VERSION = 2;

  public Checkpoint {
    if (structure == null) {
      throw new IllegalArgumentException("checkpoint structure description must not be null");
    }
    Map<String, Matrix> p = new LinkedHashMap<>();
    parameters.forEach((k, v) -> p.put(k, v.copy()));
    parameters = Collections.unmodifiableMap(p);
    generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
    counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
  }

  /** The generator state saved under {@code name}; a clear error when the checkpoint has none. */
  public GeneratorState generator(String name) {
    GeneratorState g = generators.get(name);
    if (g == null) {
      throw new IllegalArgumentException("checkpoint has no random generator '" + name + "'; it has "
          + generators.keySet());
    }
    return g;
  }

  /** A counter's value; a clear error when the checkpoint has none of that name. */
  public long counter(String name) {
    Long v = counters.get(name);
    if (v == null) {
      throw new IllegalArgumentException("checkpoint has no counter '" + name + "'; it has " + counters.keySet());
    }
    return v;
  }
}
