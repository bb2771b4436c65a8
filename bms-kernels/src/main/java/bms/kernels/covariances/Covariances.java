package bms.kernels.covariances;

import bms.core.autodiff.Var;
import bms.kernels.Kernel;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.inducing.InducingVariables;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kuu and Kuf for each (inducing variable type, kernel type) pair, looked up by the most specific
 * registered pair: walking the feature's class hierarchy first, then the kernel's. A module that
 * adds a new kind of feature (patches, invariant points) registers its pair here without
 * changing the kernels or the models.
 */
public final class Covariances {
  /** Kuu without jitter (the Cholesky adds it). */
  @FunctionalInterface
  public interface KuuFn {
    Var apply(InducingVariables iv, Kernel kernel);
  }

  /** Kuf: M x N. */
  @FunctionalInterface
  public interface KufFn {
    Var apply(InducingVariables iv, Kernel kernel, Var x);
  }

  private record Pair(Class<?> feature, Class<?> kernel) {}

  private static final Map<Pair, KuuFn> KUU = new ConcurrentHashMap<>();
  private static final Map<Pair, KufFn> KUF = new ConcurrentHashMap<>();

  static {
    // Inducing points with any kernel: plain kernel evaluations.
    register(InducingPoints.class, Kernel.class,
        (iv, k) -> k.K(((InducingPoints) iv).z().var()),
        (iv, k, x) -> k.K(((InducingPoints) iv).z().var(), x));
    // Inducing patches with convolutional kernels (TICK included): inter-domain covariances.
    register(InducingPatches.class, Convolutional.class,
        (iv, k) -> ((Convolutional) k).inducingKuu((InducingPatches) iv),
        (iv, k, x) -> ((Convolutional) k).inducingKuf((InducingPatches) iv, x));
  }

  private Covariances() {}

  public static void register(Class<? extends InducingVariables> feature, Class<? extends Kernel> kernel,
      KuuFn kuu, KufFn kuf) {
    KUU.put(new Pair(feature, kernel), kuu);
    KUF.put(new Pair(feature, kernel), kuf);
  }

  public static Var Kuu(InducingVariables iv, Kernel kernel) {
    return lookup(KUU, iv, kernel).apply(iv, kernel);
  }

  public static Var Kuf(InducingVariables iv, Kernel kernel, Var x) {
    return lookup(KUF, iv, kernel).apply(iv, kernel, x);
  }

  private static <F> F lookup(Map<Pair, F> table, InducingVariables iv, Kernel kernel) {
    for (Class<?> f = iv.getClass(); f != null; f = f.getSuperclass()) {
      for (Class<?> k = kernel.getClass(); k != null; k = k.getSuperclass()) {
        F fn = table.get(new Pair(f, k));
        if (fn != null) return fn;
      }
    }
    throw new IllegalArgumentException("no covariance registered for inducing variables "
        + iv.getClass().getSimpleName() + " with kernel " + kernel.getClass().getSimpleName());
  }
}
