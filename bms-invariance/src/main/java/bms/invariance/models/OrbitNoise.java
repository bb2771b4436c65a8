package bms.invariance.models;

import bms.core.param.Module;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.invariance.orbits.SampledOrbit;
import bms.invariance.orbits.StreamEpsilons;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Connects the orbits of a model to the random stream of each evaluation. Every sampled orbit
 * under a module whose noise source is a {@link StreamEpsilons} (made by
 * {@link bms.invariance.orbits.EpsilonSource#perEvaluation()}) gets its own child of the
 * evaluation's stream, named by the orbit's path in the model:
 * <pre>
 *   eps stream of orbit at path p = rng.child("orbits").child(p)
 * </pre>
 * {@link RandomStream#child(String)} depends on the seed of {@code rng} only, not on how far it
 * has been read, so the orbit noise of training step t is fixed by (seed, t) whatever else
 * (minibatches, likelihood sampling, deep-GP noise) draws from the same stream. Orbits with any
 * other source (fixed or constant eps for gradient checks, a seeded stream) are left alone.
 */
public final class OrbitNoise {
  private OrbitNoise() {}

  /**
   * Binds every {@link StreamEpsilons} orbit under {@code root} to a child of {@code rng}.
   * Returns how many orbits were bound. {@code rng} may be null only if there are none.
   */
  public static int bind(Module root, RandomStream rng) {
    java.util.Objects.requireNonNull(root, "root");
    int[] count = {0};
    visit(root, "", Collections.newSetFromMap(new IdentityHashMap<>()), (path, source) -> {
      if (rng == null) {
        throw new IllegalArgumentException("the orbit at '" + path + "' draws its eps from the evaluation's"
            + " RandomStream: pass a RandomStream, not null");
      }
      source.bind(rng.child("orbits").child(path.isEmpty() ? "root" : path));
      count[0]++;
    });
    return count[0];
  }

  /**
   * {@code inner} with the orbits of its module bound to each evaluation's stream first: use it
   * to train any model with invariant layers (SVGP, DeepGP) by a {@link bms.dgp.training.Trainer}.
   */
  public static Objective objective(Objective inner) {
    java.util.Objects.requireNonNull(inner, "inner");
    return new Objective() {
      @Override
      public Module module() {
        return inner.module();
      }

      @Override
      public int numData() {
        return inner.numData();
      }

      @Override
      public boolean supportsMinibatches() {
        return inner.supportsMinibatches();
      }

      @Override
      public bms.core.autodiff.Var evaluate(int[] batch, RandomStream rng) {
        bind(inner.module(), rng);
        return inner.evaluate(batch, rng);
      }
    };
  }

  private interface Visitor {
    void onStreamOrbit(String path, StreamEpsilons source);
  }

  private static void visit(Module m, String path, Set<Module> seen, Visitor visitor) {
    if (!seen.add(m)) return;
    if (m instanceof SampledOrbit so && so.epsilons() instanceof StreamEpsilons se) {
      visitor.onStreamOrbit(path, se);
    }
    for (Map.Entry<String, Module> e : m.children().entrySet()) {
      visit(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), seen, visitor);
    }
  }
}
