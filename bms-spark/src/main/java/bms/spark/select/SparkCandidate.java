package bms.spark.select;

import bms.dgp.data.Dataset;
import bms.dgp.selection.Fitter;
import java.io.Serializable;

/**
 * A model-selection candidate whose fitter Spark can ship to an executor: a name and a
 * serialisable {@link Fitter} (a lambda or class capturing only settings and seeds). It must be
 * deterministic given its request, as {@code bms select}'s candidates are (every random choice
 * comes from a seeded stream), so the executor's fit is the driver's.
 */
public record SparkCandidate(String name, SerializableFitter fitter) implements Serializable {

  /** A {@link Fitter} of plain data sets that is also {@link Serializable}. */
  @FunctionalInterface
  public interface SerializableFitter extends Fitter<Dataset>, Serializable {}
}
