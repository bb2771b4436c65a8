package bms.core.linalg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the process-wide {@link LinalgBackend}. Every {@link BackendProvider} registered
 * through {@link ServiceLoader} is a candidate; the available one with the highest priority
 * wins (gpu over openblas over ejml) unless the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV} names one. The choice is made on first use and logged
 * once, with the reason each other provider was passed over.
 */
public final class Backends {
  /** System property that forces a backend by name. */
  public static final String PROPERTY = "bms.backend";
  /** Environment variable that forces a backend by name (the property wins if both are set). */
  public static final String ENV = "BMS_BACKEND";

  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
  private static volatile LinalgBackend current;
  private static final Map<String, LinalgBackend> BY_NAME = new ConcurrentHashMap<>();

  private Backends() {}

  /** The backend in use, chosen on first call. */
  public static LinalgBackend current() {
    LinalgBackend b = current;
    if (b == null) {
      synchronized (Backends.class) {
        if (current == null) {
          current = chooseFromEnvironment();
        }
        b = current;
      }
    }
    return b;
  }

  /** Replaces the process-wide backend (tests and benchmarks compare backends this way). */
  public static synchronized void use(LinalgBackend backend) {
    current = java.util.Objects.requireNonNull(backend, "backend");
  }

  /**
   * The backend of the named provider (case-insensitive), created once and then shared; for
   * tests and benchmarks that compare backends.
   *
   * @throws IllegalArgumentException if no provider has that name
   * @throws IllegalStateException if the provider cannot run here (the message says why)
   */
  public static LinalgBackend byName(String name) {
    String key = normalise(name);
    LinalgBackend b = BY_NAME.get(key);
    if (b != null) {
      return b;
    }
    BackendProvider p = find(discover(), name, "Backends.byName");
    b = create(p).orElseThrow(() -> new IllegalStateException(
        "linear-algebra backend '" + p.name() + "' is not available: " + p.unavailableReason()));
    LinalgBackend prev = BY_NAME.putIfAbsent(key, b);
    return prev != null ? prev : b;
  }

  /** Names of all registered providers, highest priority first. */
  public static List<String> knownNames() {
    return names(discover());
  }

  /**
   * Forgets the current backend and chooses again from the property and environment, as on
   * first use. Package-private: tests change {@value #PROPERTY} and call this.
   */
  static synchronized LinalgBackend rechoose() {
    current = null;
    return current();
  }

  private static LinalgBackend chooseFromEnvironment() {
    String prop = System.getProperty(PROPERTY);
    String env = System.getenv(ENV);
    String forced = null;
    String source = null;
    if (prop != null && !prop.isBlank()) {
      forced = prop;
      source = "system property " + PROPERTY;
    } else if (env != null && !env.isBlank()) {
      forced = env;
      source = "environment variable " + ENV;
    }
    Selection s = select(discover(), forced, source);
    // One short line for users; why each other provider was passed over is for DEBUG.
    LOG.info(s.summary());
    LOG.debug(s.explanation());
    return s.backend();
  }

  /**
   * The chosen backend, a one-line summary for INFO (under {@link #SUMMARY_LIMIT} characters:
   * the backend and the names of the providers skipped) and the full explanation (each skipped
   * provider's reason) for DEBUG.
   */
  record Selection(LinalgBackend backend, String summary, String explanation) {}

  /** The longest INFO line about the choice. */
  static final int SUMMARY_LIMIT = 120;

  /** "linear algebra backend: NAME" with the skipped providers' names, cut to fit the limit. */
  static String summaryOf(String chosen, List<String> skipped, boolean forced) {
    StringBuilder sb = new StringBuilder("linear algebra backend: ").append(chosen);
    if (forced) {
      sb.append(" (requested)");
    } else if (!skipped.isEmpty()) {
      sb.append(" (unavailable: ").append(String.join(", ", skipped)).append(")");
    }
    String tail = "; details at DEBUG";
    if (sb.length() + tail.length() >= SUMMARY_LIMIT) {
      sb.setLength(SUMMARY_LIMIT - tail.length() - 4);
      sb.append("...");
    }
    return sb.append(tail).toString();
  }

  /**
   * Chooses among {@code providers}: the one named {@code forced} if not null (it must exist
   * and be available), else the available one with the highest priority.
   */
  static Selection select(List<BackendProvider> providers, String forced, String source) {
    List<BackendProvider> sorted = new ArrayList<>(providers);
    sorted.sort(BY_PRIORITY);
    if (forced != null) {
      BackendProvider p = find(sorted, forced, source);
      LinalgBackend b = create(p).orElseThrow(() -> new IllegalStateException(
          "linear-algebra backend '" + p.name() + "' was requested by " + source + " but is not available: "
              + p.unavailableReason() + ". Known backends: " + String.join(", ", names(sorted))
              + "; unset " + PROPERTY + "/" + ENV + " to choose automatically."));
      return new Selection(b, summaryOf(b.name(), List.of(), true),
          "linear algebra backend: " + b.name() + " (requested by " + source + ")");
    }
    List<String> skipped = new ArrayList<>();
    List<String> skippedNames = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      BackendProvider p = sorted.get(i);
      Optional<LinalgBackend> b = create(p);
      if (b.isPresent()) {
        StringBuilder msg = new StringBuilder("linear algebra backend: ").append(b.get().name())
            .append(" (priority ").append(p.priority()).append(", the highest available)");
        if (!skipped.isEmpty()) {
          msg.append("; skipped: ").append(String.join("; ", skipped));
        }
        List<String> lower = names(sorted.subList(i + 1, sorted.size()));
        if (!lower.isEmpty()) {
          msg.append("; not needed (lower priority): ").append(String.join(", ", lower));
        }
        msg.append(". Set -D").append(PROPERTY).append("=NAME or ").append(ENV).append("=NAME to force one.");
        return new Selection(b.get(), summaryOf(b.get().name(), skippedNames, false), msg.toString());
      }
      skipped.add(p.name() + " (" + p.unavailableReason() + ")");
      skippedNames.add(p.name());
    }
    throw new IllegalStateException("no linear-algebra backend is available: " + String.join("; ", skipped));
  }

  private static Optional<LinalgBackend> create(BackendProvider p) {
    try {
      return p.create();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("linear-algebra backend provider {} failed: {}", p.name(), e.toString());
      return Optional.empty();
    }
  }

  private static BackendProvider find(List<BackendProvider> providers, String name, String source) {
    String key = normalise(name);
    for (BackendProvider p : providers) {
      if (normalise(p.name()).equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown linear-algebra backend '" + name + "' (from " + source
        + "); known backends: " + String.join(", ", names(providers)));
  }

  private static final Comparator<BackendProvider> BY_PRIORITY =
      Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::name);

  /** Every registered provider (the EJML one even when no registration is found), one per name. */
  static List<BackendProvider> discover() {
    Map<String, BackendProvider> byName = new LinkedHashMap<>();
    ServiceLoader<BackendProvider> loader = ServiceLoader.load(BackendProvider.class);
    var it = loader.iterator();
    while (true) {
      BackendProvider p;
      try {
        if (!it.hasNext()) break;
        p = it.next();
      } catch (ServiceConfigurationError e) {
        LOG.warn("skipping a linear-algebra backend provider that failed to load: {}", e.toString());
        continue;
      }
      BackendProvider prev = byName.putIfAbsent(normalise(p.name()), p);
      if (prev != null && prev.getClass() != p.getClass()) {
        LOG.warn("two linear-algebra backend providers are named {}: {} and {}; using the first",
            p.name(), prev.getClass().getName(), p.getClass().getName());
      }
    }
    byName.putIfAbsent("ejml", new EjmlProvider());
    List<BackendProvider> out = new ArrayList<>(byName.values());
    out.sort(BY_PRIORITY);
    return out;
  }

  private static List<String> names(List<BackendProvider> providers) {
    return providers.stream().map(BackendProvider::name).collect(Collectors.toList());
  }

  private static String normalise(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("backend name must not be empty");
    }
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
