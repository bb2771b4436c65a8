package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GpuConfigTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @Test
  void nothingSetGivesTheDefaults() {
    assertEquals(GpuConfig.defaults(), GpuConfig.parse(k -> null, Map.of()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void propertiesWinOverEnvironmentVariables(long seed) {
    RandomCases rc = new RandomCases(seed);
    int propT = rc.dim(0, 5000), envT = rc.dim(0, 5000);
    Map<String, String> props = new HashMap<>();
    Map<String, String> env = new HashMap<>();
    env.put("BMS_GPU_THRESHOLD", Integer.toString(envT));
    env.put("BMS_GPU", "off");
    env.put("BMS_GPU_REUSE", "false");
    boolean setProps = rc.rng().nextBoolean();
    if (setProps) {
      props.put("bms.gpu.threshold", " " + propT + " ");
      props.put("bms.gpu", "FORCE");
      props.put("bms.gpu.reuse", "yes");
    }
    GpuConfig c = GpuConfig.parse(props::get, env);
    assertEquals(setProps ? propT : envT, c.threshold());
    assertEquals(setProps ? GpuConfig.Mode.FORCE : GpuConfig.Mode.OFF, c.mode());
    assertEquals(setProps, c.reuse());
  }

  @Test
  void badValuesNameTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GpuConfig.parse(Map.of("bms.gpu", "sometimes")::get, Map.of()));
    assertTrue(e.getMessage().contains("bms.gpu") && e.getMessage().contains("sometimes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GpuConfig.parse(k -> null, Map.of("BMS_GPU_THRESHOLD", "big")));
    assertTrue(e.getMessage().contains("BMS_GPU_THRESHOLD") && e.getMessage().contains("big"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GpuConfig.parse(Map.of("bms.gpu.threshold", "-3")::get, Map.of()));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GpuConfig.parse(Map.of("bms.gpu.copyThreads", "0")::get, Map.of()));
    assertTrue(e.getMessage().contains("bms.gpu.copyThreads"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GpuConfig.parse(Map.of("bms.gpu.reuse", "maybe")::get, Map.of()));
    assertTrue(e.getMessage().contains("bms.gpu.reuse"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GpuConfig(GpuConfig.Mode.AUTO, -1, true, 1));
  }
}
