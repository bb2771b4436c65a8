package bms.examples.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * The folder holding the data shipped with bms (the repository's {@code data/}: {@code mnist/},
 * {@code uci/} and the provenance {@code README.md}).
 */
public record DataRoot(Path dir) {
  /** System property that names the data folder, checked first. */
  public static final String PROPERTY = "bms.data";
  /** Environment variable that names the data folder, checked second. */
  public static final String ENV = "BMS_DATA";

  public DataRoot {
    dir = dir.toAbsolutePath().normalize();
    if (!looksLikeDataRoot(dir)) {
      throw new IllegalArgumentException("data folder " + dir
          + " does not hold mnist/, uci/ and README.md (the layout of the repository's data/)");
    }
  }

  /**
   * Finds the data folder: the {@value #PROPERTY} system property, then the {@value #ENV}
   * environment variable, then a {@code data/} folder in the working directory or any folder
   * above it, then one above the running jar (bms-examples/target/bms.jar sits two levels
   * below the repository root).
   */
  public static DataRoot locate() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return new DataRoot(Paths.get(prop));
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return new DataRoot(Paths.get(env));
    }
    Path found = searchUp(Paths.get("").toAbsolutePath());
    if (found == null) {
      found = searchUp(codeLocation());
    }
    if (found == null) {
      throw new IllegalStateException("cannot find the bms data folder (data/ with mnist/ and uci/)"
          + " in " + Paths.get("").toAbsolutePath() + " or above it, nor above the bms jar; run from"
          + " the repository, pass --data DIR, or set " + ENV);
    }
    return new DataRoot(found);
  }

  /** A file inside the data folder, e.g. {@code resolve("uci/kin8nm.csv")}. */
  public Path resolve(String relative) {
    return dir.resolve(relative);
  }

  private static Path searchUp(Path start) {
    for (Path p = start; p != null; p = p.getParent()) {
      Path candidate = p.resolve("data");
      if (looksLikeDataRoot(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean looksLikeDataRoot(Path dir) {
    return Files.isDirectory(dir.resolve("mnist")) && Files.isDirectory(dir.resolve("uci"))
        && Files.isRegularFile(dir.resolve("README.md"));
  }

  private static Path codeLocation() {
    try {
      CodeSource src = DataRoot.class.getProtectionDomain().getCodeSource();
      return src == null ? null : Paths.get(src.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
