package bms.core.linalg.gpu;

import bms.core.linalg.BackendProvider;
import bms.core.linalg.LinalgBackend;
import java.util.Optional;

/**
 * Offers {@link CudaBackend} to {@link bms.core.linalg.Backends}: available when the CUDA
 * libraries load and a device is visible, unless {@code bms.gpu=off}; with {@code bms.gpu=force}
 * an unusable GPU is an error instead of a quiet fallback to the CPU.
 */
public final class CudaBackendProvider implements BackendProvider {
  /** Above the CPU backends (ejml 0, openblas 10). */
  public static final int PRIORITY = 20;

  private volatile String reason = "not tried yet";

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public Optional<LinalgBackend> create() {
    return create(GpuConfig.fromSystem());
  }

  /**
   * Creates the backend for {@code config}.
   *
   * @throws IllegalStateException when {@code config} forces the GPU and it cannot be used
   */
  public Optional<LinalgBackend> create(GpuConfig config) {
    if (config.mode() == GpuConfig.Mode.OFF) {
      reason = "disabled by bms.gpu=off / BMS_GPU=off";
      return Optional.empty();
    }
    String why = CudaBackend.unavailableReason();
    if (why == null) {
      try {
        LinalgBackend b = CudaBackend.open(config, CpuFallback::best);
        reason = "";
        return Optional.of(b);
      } catch (CudaException e) {
        why = e.getMessage();
      }
    }
    reason = why;
    if (config.mode() == GpuConfig.Mode.FORCE) {
      throw new IllegalStateException("bms.gpu=force, but the GPU cannot be used: " + why);
    }
    return Optional.empty();
  }

  @Override
  public String unavailableReason() {
    return reason;
  }
}
