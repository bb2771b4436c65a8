package bms.examples.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.LoaderFuzz;
import bms.core.testing.RandomCases;
import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkpoints' loader fuzz ({@link LoaderFuzz}) over {@code model.bin}: every truncation,
 * random byte changes (raw and with a valid checksum), huge length fields and garbage after the
 * header are refused with a {@link ModelFileException} naming the file, in memory bounded by
 * the file's size.
 */
class ModelFileLoaderFuzzTest {
  /** Magic (8 bytes) and format version (4): kept by the garbage cases. */
  private static final int HEADER = 12;

  static Stream<Long> seeds() {
    return RandomCases.seeds(3);
  }

  private static LoaderFuzz<ModelFile.LoadedModel> loader() {
    return LoaderFuzz.<ModelFile.LoadedModel>of(b -> ModelFile.load(b, "fuzz.bin"), ModelFileException.class)
        .messagesMust(m -> m.contains("fuzz.bin")).resealWith(LoaderFuzz.crc32Trailer());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedModelFilesAreRefusedClearly(long seed) throws IOException {
    byte[] valid = ModelFile.toBytes(ModelFileTest.trained(new Random(seed)));
    LoaderFuzz<ModelFile.LoadedModel> fuzz = loader();
    fuzz.loadValid(valid);
    assertEquals(2 * valid.length, fuzz.truncations(valid).refused());
    LoaderFuzz.Report raw = fuzz.byteFlips(valid, seed, 200, false);
    assertEquals(raw.cases(), raw.refused(), "a changed byte without a new checksum must be refused");
    fuzz.byteFlips(valid, seed + 1, 200, true);
    LoaderFuzz.Report huge = fuzz.hugeLengthsAt(valid, LoaderFuzz.randomOffsets(valid.length, 300, seed));
    assertTrue(huge.cases() > 0);
    LoaderFuzz.Report garbage = fuzz.garbage(valid, HEADER, seed, 100);
    assertEquals(garbage.cases(), garbage.refused(), "garbage after the header must be refused");
  }
}
