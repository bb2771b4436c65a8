package bms.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How bms finds benchmark classes and binds their run methods. */
class BenchmarkRegistryTest {
  private static final String P = "bms.examples.FakeBenchmarks$";

  static BenchmarkRegistry fakes() {
    return new BenchmarkRegistry(List.of(
        new BenchmarkRegistry.Entry("full", P + "Full", "all parameters"),
        new BenchmarkRegistry.Entry("plain", P + "Plain", "print stream only"),
        new BenchmarkRegistry.Entry("main", P + "WithMain", "main only"),
        new BenchmarkRegistry.Entry("unsupported", P + "Unsupported", "int parameter"),
        new BenchmarkRegistry.Entry("failing", P + "Failing", "throws"),
        new BenchmarkRegistry.Entry("missing", "bms.examples.bench.NoSuchBenchmark", "absent")));
  }

  private static BenchmarkRegistry.Invocation inv(ByteArrayOutputStream buf, String... args) {
    return new BenchmarkRegistry.Invocation(new PrintStream(buf, true, StandardCharsets.UTF_8), args,
        42L, true, Path.of("out-dir"));
  }

  @Test
  void theRichestRunMethodGetsEveryValueByType() throws Exception {
    BenchmarkRegistry r = fakes();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Object result = r.run(r.entry("full"), inv(buf, "a", "b"));
    assertEquals("full args=[a, b] seed=42 quiet=true\n", buf.toString(StandardCharsets.UTF_8));
    assertEquals(Map.of("seed", 42L, "args", List.of("a", "b"), "dir", "out-dir"), result);
  }

  @Test
  void plainAndMainBenchmarksRun() throws Exception {
    BenchmarkRegistry r = fakes();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    assertNull(r.run(r.entry("plain"), inv(buf)));
    assertEquals("plain ran\n", buf.toString(StandardCharsets.UTF_8));
    r.run(r.entry("main"), inv(buf, "x"));
    assertArrayEquals(new String[] {"x"}, FakeBenchmarks.WithMain.lastArgs);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.run(r.entry("plain"), inv(buf, "x")));
    assertTrue(e.getMessage().contains("takes no extra arguments"), e.getMessage());
  }

  @Test
  void missingOrUncallableBenchmarksAreExplained() {
    BenchmarkRegistry r = fakes();
    assertFalse(r.available(r.entry("missing")));
    assertFalse(r.available(r.entry("unsupported")));
    assertTrue(r.available(r.entry("full")));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    IllegalStateException m = assertThrows(IllegalStateException.class, () -> r.run(r.entry("missing"), inv(buf)));
    assertTrue(m.getMessage().contains("not part of this build"), m.getMessage());
    IllegalStateException u = assertThrows(IllegalStateException.class, () -> r.run(r.entry("unsupported"), inv(buf)));
    assertTrue(u.getMessage().contains("run(PrintStream, int)"), u.getMessage());
    IllegalStateException f = assertThrows(IllegalStateException.class, () -> r.run(r.entry("failing"), inv(buf)));
    assertEquals("benchmark broke", f.getMessage(), "the benchmark's own exception, unwrapped");
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> r.entry("nope"));
    assertTrue(n.getMessage().contains("full, plain"), n.getMessage());
  }

  @Test
  void theStandardRegistryNamesItsBenchmarksAndEachIsPartOfTheBuild() {
    BenchmarkRegistry r = BenchmarkRegistry.standard();
    List<String> names = r.entries().stream().map(BenchmarkRegistry.Entry::name).toList();
    assertEquals(List.of("linalg", "kernels", "models", "study"), names);
    for (BenchmarkRegistry.Entry e : r.entries()) assertTrue(r.available(e), e.name() + " is not callable");
  }
}
