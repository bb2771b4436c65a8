package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bms.core.linalg.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What the provider does on a machine without a usable GPU (skipped where there is one). */
class CudaBackendProviderTest {

  @Test
  void isRegisteredWithTheServiceLoaderUnderItsName() {
    boolean found = ServiceLoader.load(BackendProvider.class).stream()
        .anyMatch(p -> p.type() == CudaBackendProvider.class);
    assertTrue(found, "META-INF/services must list the CUDA provider");
    CudaBackendProvider p = new CudaBackendProvider();
    assertEquals("cuda", p.name());
    assertEquals(20, p.priority());
  }

  @Test
  void offModeIsUnavailableWithAReasonAndLoadsNothing() {
    CudaBackendProvider p = new CudaBackendProvider();
    assertTrue(p.create(GpuConfig.defaults().withMode(GpuConfig.Mode.OFF)).isEmpty());
    assertTrue(p.unavailableReason().contains("bms.gpu=off"), p.unavailableReason());
  }

  @Test
  void withoutAGpuAutoModeSaysWhyAndForceModeFails() {
    String why = CudaBackend.unavailableReason();
    assumeTrue(why != null, "a usable GPU is present; this test covers machines without one");
    assertFalse(why.isBlank());
    CudaBackendProvider p = new CudaBackendProvider();
    assertTrue(p.create(GpuConfig.defaults()).isEmpty());
    assertEquals(why, p.unavailableReason());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> p.create(GpuConfig.defaults().withMode(GpuConfig.Mode.FORCE)));
    assertTrue(e.getMessage().contains("bms.gpu=force") && e.getMessage().contains(why), e.getMessage());
  }
}
