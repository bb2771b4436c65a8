package bms.spark;

import bms.core.param.Module;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Builds a fresh module tree: the small, serialisable recipe Spark ships to the executors
 * (a lambda or a plain class capturing only numbers and arrays). Each executor task builds its
 * own tree from it and then loads the driver's current values ({@link ModuleState}), so no
 * {@link Module}, {@code Matrix} or autodiff node ever has to be serialised.
 */
@FunctionalInterface
public interface ModuleFactory<T extends Module> extends Supplier<T>, Serializable {}
