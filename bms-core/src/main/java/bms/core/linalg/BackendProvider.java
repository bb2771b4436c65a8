package bms.core.linalg;

import java.util.Optional;

/**
 * A way to obtain a {@link LinalgBackend}, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/bms.core.linalg.BackendProvider}). {@link Backends} asks every
 * provider, picks the available one with the highest priority unless a system property or
 * environment variable names one, and logs why the others were passed over.
 */
public interface BackendProvider {

  /** The name users select it by ({@code -Dbms.backend=NAME} or {@code BMS_BACKEND=NAME}). */
  String name();

  /** Higher wins among available providers: ejml 0, openblas 10, gpu 20. */
  int priority();

  /**
   * Tries to create the backend. Empty, with {@link #unavailableReason()} saying why, when it
   * cannot be used on this machine (library missing, no device).
   */
  Optional<LinalgBackend> create();

  /** Why {@link #create()} came back empty, for the log line. */
  String unavailableReason();
}
