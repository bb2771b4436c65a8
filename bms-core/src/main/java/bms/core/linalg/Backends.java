package bms.core.linalg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the process-wide {@link LinalgBackend}. The choice is made once, on first use, and
 * logged once.
 */
public final class Backends {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
  private static volatile LinalgBackend current;

  private Backends() {}

  /** The backend in use, chosen on first call. */
  public static LinalgBackend current() {
    LinalgBackend b = current;
    if (b == null) {
      synchronized (Backends.class) {
        if (current == null) {
          current = choose();
        }
        b = current;
      }
    }
    return b;
  }

  /** Replaces the process-wide backend (tests and benchmarks compare backends this way). */
  public static synchronized void use(LinalgBackend backend) {
    current = backend;
  }

  private static LinalgBackend choose() {
    LinalgBackend b = new EjmlBackend();
    LOG.info("linear algebra backend: {}", b.name());
    return b;
  }
}
