package bms.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps Java deserialisation out of the whole source tree: reading an object stream, or Jackson
 * with polymorphic default typing, lets a crafted checkpoint or model file make the JVM
 * instantiate classes of its choosing (the well-known gadget-chain route to running code). Every
 * file format of bms is parsed field by field instead. Scans the Java sources of every module,
 * main and test, for the APIs involved.
 */
class NoJavaDeserialisationTest {
  /** The APIs that turn bytes into objects of classes named by the bytes. */
  private static final List<String> FORBIDDEN = List.of("ObjectInputStream", "readObject(", "readUnshared(",
      "XMLDecoder", "enableDefaultTyping", "activateDefaultTyping", "SerializationUtils");
  private static final Set<String> MODULES = Set.of("bms-core", "bms-kernels", "bms-dgp", "bms-invariance",
      "bms-examples");

  /** The repository root: the folder above this module that lists the modules. */
  private static Path repositoryRoot() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path pom = p.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>bms-core</module>")) return p;
    }
    throw new IllegalStateException("no parent folder with the bms parent pom.xml above " + Path.of("").toAbsolutePath());
  }

  @Test
  void noSourceFileUsesJavaDeserialisation() throws IOException {
    Path root = repositoryRoot();
    String self = NoJavaDeserialisationTest.class.getSimpleName() + ".java";
    List<String> hits = new ArrayList<>();
    Set<String> modulesSeen = new TreeSet<>();
    int scanned = 0;
    List<Path> sources;
    try (Stream<Path> s = Files.walk(root)) {
      sources = s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/"))
          .filter(p -> !p.getFileName().toString().equals(self)).toList();
    }
    for (Path p : sources) {
      Path rel = root.relativize(p);
      if (MODULES.contains(rel.getName(0).toString())) modulesSeen.add(rel.getName(0).toString());
      String text = Files.readString(p);
      scanned++;
      for (String f : FORBIDDEN) {
        if (text.contains(f)) hits.add(rel + " uses " + f);
      }
    }
    assertEquals(MODULES, modulesSeen, "the scan must cover every module's sources");
    assertTrue(scanned > 300, "only " + scanned + " source files were scanned");
    assertEquals(List.of(), hits, "Java deserialisation must not be reachable from any file bms reads");
  }
}
