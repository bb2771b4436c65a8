package bms.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Backend discovery, priority order and forcing a backend by name. */
class BackendSelectionTest {
  private String savedProperty;
  private LinalgBackend savedBackend;

  @BeforeEach
  void save() {
    savedProperty = System.getProperty(Backends.PROPERTY);
    savedBackend = Backends.current();
  }

  @AfterEach
  void restore() {
    if (savedProperty == null) System.clearProperty(Backends.PROPERTY);
    else System.setProperty(Backends.PROPERTY, savedProperty);
    Backends.use(savedBackend);
  }

  @Test
  void bothShippedProvidersAreRegistered() {
    List<String> names = Backends.knownNames();
    assertTrue(names.contains("ejml"), names.toString());
    assertTrue(names.contains("openblas"), names.toString());
    assertTrue(names.indexOf("openblas") < names.indexOf("ejml"), "openblas must rank above ejml: " + names);
  }

  @Test
  void propertyForcesEachAvailableBackendIgnoringCase() {
    for (String name : List.of("ejml", "EJML", " openblas ")) {
      String want = name.trim().toLowerCase();
      if (want.equals("openblas")) {
        assumeTrue(new OpenBlasProvider().create().isPresent(), "OpenBLAS does not load here");
      }
      System.setProperty(Backends.PROPERTY, name);
      assertEquals(want, Backends.rechoose().name());
      assertEquals(want, Backends.current().name());
    }
  }

  @Test
  void unknownForcedNameIsAClearErrorListingKnownNames() {
    System.setProperty(Backends.PROPERTY, "cuBLAS-typo");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Backends::rechoose);
    assertTrue(e.getMessage().contains("cuBLAS-typo"), e.getMessage());
    assertTrue(e.getMessage().contains(Backends.PROPERTY), e.getMessage());
    for (String known : Backends.knownNames()) {
      assertTrue(e.getMessage().contains(known), e.getMessage());
    }
  }

  @Test
  void withoutForcingTheHighestPriorityAvailableProviderIsChosen() {
    assumeTrue(System.getenv(Backends.ENV) == null, Backends.ENV + " is set in this environment");
    System.clearProperty(Backends.PROPERTY);
    String expected = null;
    for (BackendProvider p : Backends.discover()) { // highest priority first
      if (p.create().isPresent()) {
        expected = p.name();
        break;
      }
    }
    assertEquals(expected, Backends.rechoose().name());
  }

  @Test
  void byNameSharesOneInstanceAndRejectsUnknownNames() {
    assertSame(Backends.byName("ejml"), Backends.byName("Ejml"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("nope"));
    assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("ejml"), e.getMessage());
  }

  /** A provider with a given name, priority and availability. */
  private record Fake(String name, int priority, boolean available) implements BackendProvider {
    @Override
    public Optional<LinalgBackend> create() {
      if (!available) return Optional.empty();
      EjmlBackend inner = new EjmlBackend();
      return Optional.of(new LinalgBackend() {
        @Override public String name() { return name; }
        @Override public void gemm(boolean ta, boolean tb, double al, bms.core.matrix.Matrix a, bms.core.matrix.Matrix b, double be, bms.core.matrix.Matrix c) { inner.gemm(ta, tb, al, a, b, be, c); }
        @Override public void syrk(boolean ta, double al, bms.core.matrix.Matrix a, double be, bms.core.matrix.Matrix c) { inner.syrk(ta, al, a, be, c); }
        @Override public boolean potrf(bms.core.matrix.Matrix a) { return inner.potrf(a); }
        @Override public void trsm(boolean l, boolean lo, boolean t, double al, bms.core.matrix.Matrix tm, bms.core.matrix.Matrix b) { inner.trsm(l, lo, t, al, tm, b); }
      });
    }

    @Override
    public String unavailableReason() {
      return available ? "" : "no device for " + name;
    }
  }

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static List<BackendProvider> randomProviders(RandomCases rc) {
    int count = rc.dim(1, 6);
    List<BackendProvider> ps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ps.add(new Fake("b" + i, rc.rng().nextInt(1000) * 10 + i, i == 0 || rc.rng().nextBoolean()));
    }
    java.util.Collections.shuffle(ps, rc.rng());
    return ps;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void selectPicksTheHighestPriorityAvailableAndExplainsTheSkipped(long seed) {
    RandomCases rc = new RandomCases(seed);
    List<BackendProvider> ps = randomProviders(rc);
    Fake best = null;
    for (BackendProvider p : ps) {
      Fake f = (Fake) p;
      if (f.available() && (best == null || f.priority() > best.priority())) best = f;
    }
    Backends.Selection s = Backends.select(ps, null, null);
    assertEquals(best.name(), s.backend().name());
    for (BackendProvider p : ps) {
      Fake f = (Fake) p;
      if (!f.available() && f.priority() > best.priority()) {
        assertTrue(s.explanation().contains(f.unavailableReason()), s.explanation());
      }
      if (f != best) {
        assertTrue(s.explanation().contains(f.name()), "explanation omits " + f.name() + ": " + s.explanation());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theInfoSummaryIsOneShortLineNamingTheChoiceAndTheSkipped(long seed) {
    RandomCases rc = new RandomCases(seed);
    List<BackendProvider> ps = randomProviders(rc);
    Backends.Selection s = Backends.select(ps, null, null);
    assertTrue(s.summary().length() < Backends.SUMMARY_LIMIT, s.summary());
    assertFalse(s.summary().contains("\n"), s.summary());
    assertTrue(s.summary().contains(s.backend().name()), s.summary());
    for (BackendProvider p : ps) {
      if (p.priority() > ((Fake) ps.stream().filter(q -> q.name().equals(s.backend().name())).findFirst().get())
          .priority()) {
        assertTrue(s.summary().contains(p.name()), "summary omits the skipped " + p.name() + ": " + s.summary());
      }
    }
    // Many long-named skipped providers still give one line under the limit.
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1 + rc.rng().nextInt(40); i++) many.add("provider-with-a-long-name-" + i);
    String cut = Backends.summaryOf("ejml", many, false);
    assertTrue(cut.length() < Backends.SUMMARY_LIMIT, cut);
    assertTrue(cut.startsWith("linear algebra backend: ejml"), cut);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void forcingObeysTheNameOrFailsClearly(long seed) {
    RandomCases rc = new RandomCases(seed);
    List<BackendProvider> ps = randomProviders(rc);
    Fake target = (Fake) ps.get(rc.rng().nextInt(ps.size()));
    String source = "environment variable " + Backends.ENV;
    if (target.available()) {
      assertEquals(target.name(), Backends.select(ps, target.name().toUpperCase(), source).backend().name());
    } else {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select(ps, target.name(), source));
      assertTrue(e.getMessage().contains(target.unavailableReason()), e.getMessage());
      assertTrue(e.getMessage().contains(source), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select(ps, "zz-missing", source));
    for (BackendProvider p : ps) {
      assertTrue(e.getMessage().contains(p.name()), e.getMessage());
    }
  }
}
