package bms.core.linalg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The backends every linear-algebra test runs on. "openblas" is the backend as shipped (tiny
 * problems go to pure Java); "openblas-native" sends every call to OpenBLAS so that the native
 * path is covered at every size. OpenBLAS cases are skipped only when its native library does
 * not load on this machine.
 */
final class TestBackends {
  static final List<String> KEYS = List.of("ejml", "openblas", "openblas-native");

  private static final LinalgBackend EJML = new EjmlBackend();
  private static final OpenBlasProvider PROVIDER = new OpenBlasProvider();
  private static final Optional<LinalgBackend> OPENBLAS = PROVIDER.create();

  private TestBackends() {}

  static LinalgBackend get(String key) {
    if (key.equals("ejml")) {
      return EJML;
    }
    assumeTrue(OPENBLAS.isPresent(), "OpenBLAS native library did not load: " + PROVIDER.unavailableReason());
    return key.equals("openblas") ? OPENBLAS.get() : NativeHolder.NATIVE;
  }

  static LinalgBackend ejml() {
    return EJML;
  }

  /** Every backend key with every seed. */
  static Stream<Arguments> cross(Stream<Long> seeds) {
    List<Long> s = seeds.toList();
    return KEYS.stream().flatMap(k -> s.stream().map(seed -> Arguments.of(k, seed)));
  }

  private static final class NativeHolder {
    static final LinalgBackend NATIVE = new OpenBlasBackend(0);
  }
}
