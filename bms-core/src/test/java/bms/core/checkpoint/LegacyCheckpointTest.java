package bms.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Files of format version 1, written by the code before generator states became numbers (see
 * src/test/resources/bms/core/checkpoint/README.md): those without a generator still load, bit
 * for bit; one holding a serialised java.util.Random is refused, naming both versions.
 */
class LegacyCheckpointTest {
  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = LegacyCheckpointTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("test resource " + name + " is missing");
      return in.readAllBytes();
    }
  }

  /** The fixtures are ToyTraining(5) after 3 steps; Lcg48 draws what java.util.Random drew, so this is the same state. */
  private static ToyTraining sameRun() {
    ToyTraining t = new ToyTraining(5);
    t.train(3);
    return t;
  }

  @Test
  void versionOneTrainingCheckpointWithoutGeneratorLoadsExactly() throws Exception {
    byte[] b = fixture("v1-toy-training.bin");
    assertEquals(CheckpointFile.LEGACY_VERSION, b[11]);
    Checkpoint c = CheckpointFile.fromBytes(b, "v1-toy-training.bin");
    ToyTraining expected = sameRun();
    ToyTraining loaded = new ToyTraining(5);
    Checkpoints.restore(c, loaded.model, loaded.adam);
    expected.model.parameters().forEach((path, p) -> assertArrayEquals(p.unconstrained().data(),
        loaded.model.parameters().get(path).unconstrained().data(), 0.0, path));
    assertEquals(3, loaded.adam.stepCount());
    assertEquals(3L, c.counter("step"));
    assertTrue(c.generators().isEmpty());
  }

  @Test
  void versionOnePredictionFileLoadsAndIsRewrittenAsVersionTwo() throws Exception {
    Checkpoint c = CheckpointFile.fromBytes(fixture("v1-toy-prediction.bin"), "v1-toy-prediction.bin");
    ToyTraining loaded = new ToyTraining(5);
    Checkpoints.restore(c, loaded.model, null);
    assertArrayEquals(sameRun().model.w.unconstrained().data(), loaded.model.w.unconstrained().data(), 0.0);
    byte[] again = CheckpointFile.toBytes(c);
    assertEquals(Checkpoint.FORMAT_VERSION, again[11]);
    assertEquals(c.parameters().keySet(), CheckpointFile.fromBytes(again, "v2").parameters().keySet());
  }

  @Test
  void versionOneFileWithASerialisedGeneratorIsRefusedNamingBothVersions() throws Exception {
    byte[] b = fixture("v1-toy-with-random.bin");
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> CheckpointFile.fromBytes(b, "old.bin"));
    String msg = e.getMessage();
    assertTrue(msg.startsWith("old.bin: "), msg);
    assertTrue(msg.contains("version 1") && msg.contains("version 2"), msg);
    assertTrue(msg.contains("'minibatch'"), msg);
  }

  /** A version-2 file whose header is changed to version 1 still parses only if it has no generator. */
  @Test
  void versionOneHeaderWithANumericGeneratorIsRefusedToo() {
    ToyTraining t = sameRun();
    byte[] b = CheckpointFile.toBytes(t.checkpoint());
    b[11] = (byte) CheckpointFile.LEGACY_VERSION;
    byte[] sealed = bms.core.testing.LoaderFuzz.crc32Trailer().apply(b);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> CheckpointFile.fromBytes(sealed, "f"));
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
  }
}
