package bms.examples.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every mention of the equations document in the sources and the top-level documents names the
 * file in the repository, docs/BACKGROUND.md, and every section it cites exists there.
 */
class BackgroundReferencesTest {
  private static final Pattern MENTION = Pattern.compile("([\\w./-]*)BACKGROUND\\.md((?:\\s+sections?\\s+[\\d, and]+)?)");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("docs/BACKGROUND.md"))) {
      p = p.getParent();
    }
    assertTrue(p != null, "docs/BACKGROUND.md not found above " + Path.of("").toAbsolutePath());
    return p;
  }

  @Test
  void everyReferenceResolvesToAnExistingSection() throws IOException {
    Path root = repositoryRoot();
    String doc = Files.readString(root.resolve("docs/BACKGROUND.md"), StandardCharsets.UTF_8);
    Set<Integer> sections = new TreeSet<>();
    Matcher h = Pattern.compile("(?m)^## (\\d+)\\. ").matcher(doc);
    while (h.find()) sections.add(Integer.parseInt(h.group(1)));
    assertFalse(sections.isEmpty(), "docs/BACKGROUND.md has no numbered sections");

    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("BENCHMARKS.md")));
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/")
          && !p.getFileName().toString().equals("BackgroundReferencesTest.java")).forEach(files::add);
    }
    List<String> problems = new ArrayList<>();
    int references = 0;
    for (Path f : files) {
      // Comments wrap lines; join them so "section" and its number may sit on the next line.
      String text = Files.readString(f, StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*(\\*\\s*)?", " ");
      Matcher m = MENTION.matcher(text);
      while (m.find()) {
        references++;
        String where = root.relativize(f) + ": '" + m.group().strip() + "'";
        String prefix = m.group(1);
        if (!(prefix.endsWith("docs/") || prefix.isEmpty() && f.getFileName().toString().equals("BACKGROUND.md"))) {
          problems.add(where + " does not name docs/BACKGROUND.md");
        }
        Matcher n = NUMBER.matcher(m.group(2));
        while (n.find()) {
          if (!sections.contains(Integer.parseInt(n.group()))) {
            problems.add(where + " cites section " + n.group() + ", which docs/BACKGROUND.md does not have");
          }
        }
      }
    }
    assertTrue(references >= 19, "expected the sources' references, found " + references);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }
}
