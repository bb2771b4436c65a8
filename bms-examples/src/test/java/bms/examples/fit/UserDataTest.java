package bms.examples.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bms.core.testing.RandomCases;
import bms.examples.data.UserCsv;
import bms.examples.uci.LikelihoodChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Targets by label: the class numbers, their order, and the likelihood chosen when none is named. */
class UserDataTest {
  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(30);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void labelsGetClassNumbersInTheirNaturalOrder(long seed) throws IOException {
    Random rng = new Random(seed);
    boolean numeric = rng.nextBoolean();
    int c = 2 + rng.nextInt(5);
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < c; k++) labels.add(numeric ? Integer.toString(3 * k * k + 1) : "class-" + (char) ('a' + k));
    // Numbers sort as numbers ("4" before "13"), text as text.
    int n = c + rng.nextInt(30);
    List<String> column = new ArrayList<>(labels);
    while (column.size() < n) column.add(labels.get(rng.nextInt(c)));
    Collections.shuffle(column, rng);
    StringBuilder sb = new StringBuilder("x,t\n");
    for (int i = 0; i < n; i++) sb.append(i).append(',').append(column.get(i)).append('\n');
    Path f = dir.resolve("l.csv");
    Files.writeString(f, sb.toString());
    String asked = numeric ? (c == 2 && rng.nextBoolean() ? "bernoulli" : "multiclass") : null;
    UserData d = UserData.of(UserCsv.read(f), "t", List.of(), asked, false);
    assertEquals(labels, d.labels());
    assertEquals(asked != null ? LikelihoodChoice.byId(asked)
        : c == 2 ? LikelihoodChoice.BERNOULLI : LikelihoodChoice.MULTICLASS, d.likelihood());
    for (int i = 0; i < n; i++) {
      assertEquals(labels.indexOf(column.get(i)), (int) d.y().get(i, 0), "row " + i);
    }
    // Without --likelihood a numeric target is regressed.
    if (numeric) {
      assertEquals(LikelihoodChoice.GAUSSIAN, UserData.of(UserCsv.read(f), "t", List.of(), null, false).likelihood());
    }
    assertThrows(IllegalArgumentException.class, () -> UserData.of(UserCsv.read(f), "t", List.of("x", "x"), null,
        false));
    assertThrows(IllegalArgumentException.class, () -> UserData.of(UserCsv.read(f), "t", List.of("t"), null, false));
  }
}
