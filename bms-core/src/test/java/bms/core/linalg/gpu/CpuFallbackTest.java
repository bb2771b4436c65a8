package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import bms.core.linalg.BackendProvider;
import bms.core.linalg.EjmlBackend;
import bms.core.linalg.LinalgBackend;
import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CpuFallbackTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private record Fake(String name, int priority, boolean available, boolean throwing) implements BackendProvider {
    @Override
    public Optional<LinalgBackend> create() {
      if (throwing) throw new UnsatisfiedLinkError("no lib" + name);
      return available ? Optional.of(new Named(name)) : Optional.empty();
    }

    @Override
    public String unavailableReason() {
      return "fake";
    }
  }

  private static final class Named extends CountingBackend {
    final String label;

    Named(String label) {
      this.label = label;
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void picksTheAvailableProviderOfHighestPriorityBelowTheGpu(long seed) {
    RandomCases rc = new RandomCases(seed);
    List<BackendProvider> ps = new ArrayList<>();
    String expected = null;
    int best = Integer.MIN_VALUE;
    int count = rc.dim(0, 6);
    for (int i = 0; i < count; i++) {
      int prio = rc.dim(-5, 30);
      boolean avail = rc.rng().nextBoolean();
      boolean throwing = !avail && rc.rng().nextBoolean();
      // Distinct priorities keep the expected winner unambiguous.
      final int p = prio * 10 + i;
      ps.add(new Fake("p" + i, p, avail, throwing));
      if (avail && p < CudaBackendProvider.PRIORITY && p > best) {
        best = p;
        expected = "p" + i;
      }
    }
    Collections.shuffle(ps, rc.rng());
    LinalgBackend got = CpuFallback.best(ps.iterator());
    if (expected == null) {
      assertInstanceOf(EjmlBackend.class, got);
    } else {
      assertEquals(expected, ((Named) got).label);
    }
  }
}
