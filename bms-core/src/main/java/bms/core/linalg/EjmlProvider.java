package bms.core.linalg;

import java.util.Optional;

/** Provides {@link EjmlBackend}: pure Java, so always available, and the lowest priority. */
public final class EjmlProvider implements BackendProvider {
  @Override
  public String name() {
    return "ejml";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Optional<LinalgBackend> create() {
    return Optional.of(new EjmlBackend());
  }

  @Override
  public String unavailableReason() {
    return "";
  }
}
