package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device-run program end to end on the fake device, small sizes: it must finish, find the
 * backend correct and write every section of its JSON, so that the one run on the GPU machine
 * does not fail on a bug that a CPU could have shown.
 */
class GpuCheckDryRunTest {

  @Test
  void runsEveryPhaseAndWritesTheResults(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("r.json");
    int rc = new GpuCheck(out, 128, true, FakeDevice::new).run();
    String json = Files.readString(out);
    assertEquals(0, rc, json);
    for (String key : new String[] {"\"device\"", "\"transfers\"", "\"correctness\"", "\"jitter_retry\"",
        "\"errors\"", "\"benchmark\"", "\"all_correct\": true", "\"trsm_factor_on_gpu\"", "\"factor_reused\": true"}) {
      assertTrue(json.contains(key), key + " missing from " + json);
    }
    assertTrue(!json.contains("_error\""), "a phase failed: " + json);
    assertTrue(json.contains("\"n\": 128") && !json.contains("\"n\": 256"), "sizes stop at --max");
  }
}
