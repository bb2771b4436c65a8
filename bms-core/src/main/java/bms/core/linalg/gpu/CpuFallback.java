package bms.core.linalg.gpu;

import bms.core.linalg.BackendProvider;
import bms.core.linalg.EjmlBackend;
import bms.core.linalg.LinalgBackend;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The CPU backend that takes the calls too small for the GPU: the available provider of highest
 * priority below the GPU's own (OpenBLAS where it loads), else EJML.
 */
final class CpuFallback {
  private CpuFallback() {}

  static LinalgBackend best() {
    return best(ServiceLoader.load(BackendProvider.class).iterator());
  }

  static LinalgBackend best(Iterator<BackendProvider> providers) {
    LinalgBackend best = null;
    int bestPriority = Integer.MIN_VALUE;
    while (true) {
      BackendProvider p;
      try {
        if (!providers.hasNext()) break;
        p = providers.next();
      } catch (ServiceConfigurationError e) {
        continue; // a provider that cannot be instantiated is skipped, as Backends does
      }
      if (p.priority() >= CudaBackendProvider.PRIORITY || p.priority() <= bestPriority) continue;
      try {
        Optional<LinalgBackend> b = p.create();
        if (b.isPresent()) {
          best = b.get();
          bestPriority = p.priority();
        }
      } catch (RuntimeException | LinkageError e) {
        // Unusable here (a native library failed): try the others.
      }
    }
    return best != null ? best : new EjmlBackend();
  }
}
