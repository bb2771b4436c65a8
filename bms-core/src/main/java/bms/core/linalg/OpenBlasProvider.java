package bms.core.linalg;

import java.util.Optional;

/**
 * Provides {@link OpenBlasBackend} when the OpenBLAS native library (shipped in the
 * {@code org.bytedeco:openblas} platform jar) loads on this machine.
 */
public final class OpenBlasProvider implements BackendProvider {
  private volatile String reason = "";

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Optional<LinalgBackend> create() {
    try {
      return Optional.of(new OpenBlasBackend());
    } catch (LinkageError | RuntimeException e) {
      // UnsatisfiedLinkError or NoClassDefFoundError when the platform jar is missing or the
      // library does not suit this CPU/OS; JavaCPP may also wrap them in a RuntimeException.
      reason = "the OpenBLAS native library did not load: " + e;
      return Optional.empty();
    }
  }

  @Override
  public String unavailableReason() {
    return reason;
  }
}
