package bms.examples.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.examples.uci.FitSettings;
import bms.examples.uci.LikelihoodChoice;
import bms.examples.uci.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** model.bin: exact round trips, and every damaged file refused with a ModelFileException. */
class ModelFileTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(12);
  }

  private static final List<String> MODELS = List.of("svgp", "gpr", "sgpr", "dgp2", "svgp-arccos");

  /** A briefly trained model on random data: regression, or classification for svgp and dgp2. */
  static SavedModel trained(Random rng) throws IOException {
    String model = MODELS.get(rng.nextInt(MODELS.size()));
    int n = 10 + rng.nextInt(20);
    int d = 1 + rng.nextInt(3);
    RandomCases rc = new RandomCases(rng.nextLong());
    Matrix x = rc.matrix(n, d);
    ModelSpec spec = ModelSpec.parse(model);
    boolean classify = spec.stochastic() && rng.nextBoolean();
    int classes = classify ? 2 + rng.nextInt(2) : 1;
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) y.set(i, 0, classify ? i % classes : rng.nextGaussian());
    LikelihoodChoice lik = !classify ? LikelihoodChoice.GAUSSIAN
        : classes == 2 ? LikelihoodChoice.BERNOULLI : LikelihoodChoice.MULTICLASS;
    List<String> features = new java.util.ArrayList<>();
    for (int j = 0; j < d; j++) features.add("x\"" + j + ", é");
    List<String> labels = new java.util.ArrayList<>();
    for (int k = 0; classify && k < classes; k++) labels.add("class " + k);
    UserData data = new UserData(features, "target", lik, labels, x, y, new int[n], 0);
    FitSettings s = new FitSettings(1 + rng.nextInt(6), 16, 3, 0.01, 2, 3, 0.05, 30, 10_000);
    return UserFit.fit(data, spec, s, rng.nextLong(), (a, b, c) -> { }, note -> { }).saved();
  }

  private static byte[] withCrc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 8);
    ByteBuffer.wrap(b, b.length - 8, 8).putLong(crc.getValue());
    return b;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundTripsExactly(long seed) throws IOException {
    SavedModel m = trained(new Random(seed));
    byte[] bytes = ModelFile.toBytes(m);
    SavedModel back = ModelFile.fromBytes(bytes, "memory");
    assertEquals(m.model(), back.model());
    assertEquals(m.likelihood(), back.likelihood());
    assertEquals(m.features(), back.features());
    assertEquals(m.labels(), back.labels());
    assertEquals(m.settings(), back.settings());
    assertEquals(m.seed(), back.seed());
    assertEquals(m.structure(), back.structure());
    assertEquals(m.parameters().keySet(), back.parameters().keySet());
    for (Map.Entry<String, Matrix> e : m.parameters().entrySet()) {
      assertArrayEquals(e.getValue().data(), back.parameters().get(e.getKey()).data(), e.getKey());
    }
    assertArrayEquals(m.standardizer().xScale(), back.standardizer().xScale());
    assertArrayEquals(bytes, ModelFile.toBytes(back), "writing what was read gives the same bytes");
    ModelFile.LoadedModel loaded = ModelFile.load(bytes, "memory");
    loaded.model().module().parameters().forEach((path, p) ->
        assertArrayEquals(m.parameters().get(path).data(), p.unconstrained().data(), path));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void flippedOrMissingBytesAreRefusedByTheChecksumOrTheHeader(long seed) throws IOException {
    Random rng = new Random(seed);
    byte[] good = ModelFile.toBytes(trained(rng));
    for (int k = 0; k < 40; k++) {
      byte[] bad = good.clone();
      int at = rng.nextInt(bad.length);
      bad[at] ^= (byte) (1 + rng.nextInt(255));
      ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(bad, "f.bin"),
          "byte " + at + " changed");
      assertTrue(e.getMessage().startsWith("f.bin: "), e.getMessage());
      int cut = rng.nextInt(good.length);
      assertThrows(ModelFileException.class, () -> ModelFile.load(java.util.Arrays.copyOf(good, cut), "f.bin"),
          "cut at " + cut);
    }
    byte[] v = good.clone();
    ByteBuffer.wrap(v, 8, 4).putInt(7);
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(withCrc(v), "f.bin"));
    assertTrue(e.getMessage().contains("format version 7 is not supported"), e.getMessage());
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.load(magic, "f.bin")).getMessage()
        .contains("not a bms model file"));
  }

  /**
   * A small fuzz: damage with a valid checksum (random bytes changed, huge lengths written into
   * the length fields, the recipe edited) is refused with a ModelFileException or, if the
   * result still describes a consistent model, loaded: never another exception, never an
   * allocation from an unchecked length.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void damageWithAValidChecksumIsRefusedCleanly(long seed) throws IOException {
    Random rng = new Random(seed);
    byte[] good = ModelFile.toBytes(trained(rng));
    int recipeLength = ByteBuffer.wrap(good, 12, 4).getInt();
    String recipe = new String(good, 16, recipeLength, StandardCharsets.UTF_8);
    for (int k = 0; k < 60; k++) {
      byte[] bad = good.clone();
      switch (rng.nextInt(3)) {
        case 0 -> {
          for (int j = 0; j < 1 + rng.nextInt(4); j++) bad[12 + rng.nextInt(bad.length - 20)] = (byte) rng.nextInt();
        }
        case 1 -> ByteBuffer.wrap(bad, 12 + 4 * rng.nextInt((bad.length - 24) / 4), 4)
            .putInt(rng.nextBoolean() ? Integer.MAX_VALUE - rng.nextInt(8) : -1 - rng.nextInt(8));
        default -> {
          String edited = recipe.replace(List.of("\"numInducing\":", "\"model\":\"", "\"features\":[", "\"seed\":")
              .get(rng.nextInt(4)), List.of("\"numInducing\":9999999", "\"model\":\"x", "\"features\":[1,", "\"seed\":\"")
              .get(rng.nextInt(4)));
          byte[] r = edited.getBytes(StandardCharsets.UTF_8);
          ByteBuffer out = ByteBuffer.allocate(good.length - recipeLength + r.length);
          out.put(good, 0, 12).putInt(r.length).put(r).put(good, 16 + recipeLength, good.length - 16 - recipeLength);
          bad = out.array();
        }
      }
      try {
        ModelFile.load(withCrc(bad), "fuzz.bin");
      } catch (ModelFileException e) {
        assertTrue(e.getMessage().startsWith("fuzz.bin: "), e.getMessage());
      } catch (RuntimeException | OutOfMemoryError e) {
        fail("case " + k + ": " + e, e);
      }
    }
  }
}
