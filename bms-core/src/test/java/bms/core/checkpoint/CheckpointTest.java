package bms.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {
  @TempDir Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  private static void assertSameState(ToyTraining a, ToyTraining b) {
    a.model.parameters().forEach((path, p) -> assertArrayEquals(p.unconstrained().data(),
        b.model.parameters().get(path).unconstrained().data(), 0.0, path));
    assertEquals(a.adam.stepCount(), b.adam.stepCount());
    assertEquals(a.step, b.step);
    assertEquals(a.rng.nextLong(), b.rng.nextLong(), "generator state differs");
  }

  @Test
  void resumingInMemoryContinuesBitForBit() throws Exception {
    ToyTraining straight = new ToyTraining(7);
    straight.train(40);
    ToyTraining first = new ToyTraining(7);
    first.train(20);
    Path f = dir.resolve("c.bin");
    CheckpointFile.write(first.checkpoint(), f);
    ToyTraining resumed = new ToyTraining(999); // a different seed: the checkpoint must override it
    resumed.resume(CheckpointFile.read(f));
    resumed.train(20);
    assertSameState(straight, resumed);
  }

  @Test
  void resumingInAnotherProcessContinuesBitForBit() throws Exception {
    ToyTraining straight = new ToyTraining(3);
    straight.train(30);
    ToyTraining first = new ToyTraining(3);
    first.train(15);
    Path in = dir.resolve("in.bin");
    Path out = dir.resolve("out.bin");
    CheckpointFile.write(first.checkpoint(), in);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ToyTraining.class.getName(),
        in.toString(), "15", out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    assertEquals(0, p.waitFor(), () -> "child failed: " + read(dir.resolve("log")));
    ToyTraining resumed = new ToyTraining(0);
    resumed.resume(CheckpointFile.read(out));
    assertSameState(straight, resumed);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(no log)";
    }
  }

  @Test
  void roundTripIsExactIncludingSpecialBits() throws Exception {
    Matrix m = Matrix.row(0.1, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300);
    Checkpoint c = new Checkpoint("s", Map.of("a", m), null, Map.of("r", GeneratorState.of("lcg48", 1, -2)),
        Map.of("step", 5L));
    Checkpoint back = CheckpointFile.fromBytes(CheckpointFile.toBytes(c), "mem");
    for (int i = 0; i < m.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(m.data()[i]), Double.doubleToRawLongBits(back.parameters().get("a").data()[i]));
    }
    assertEquals(5L, back.counter("step"));
    assertEquals(GeneratorState.of("lcg48", 1, -2), back.generator("r"));
    assertEquals(null, back.adam());
  }

  /** Truncations, bit flips and random bytes: always a CheckpointFormatException, never a wrong load. */
  @ParameterizedTest
  @MethodSource("seeds")
  void corruptedBytesAreRejectedClearly(long seed) throws Exception {
    ToyTraining t = new ToyTraining(seed);
    t.train(3);
    byte[] good = CheckpointFile.toBytes(t.checkpoint());
    Random rng = new Random(seed);
    byte[] bad;
    switch ((int) (seed % 3)) {
      case 0 -> bad = java.util.Arrays.copyOf(good, rng.nextInt(good.length));
      case 1 -> {
        bad = good.clone();
        int i = rng.nextInt(bad.length);
        bad[i] ^= (byte) (1 << rng.nextInt(8));
      }
      default -> {
        bad = new byte[rng.nextInt(2 * good.length)];
        rng.nextBytes(bad);
      }
    }
    byte[] input = bad;
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> CheckpointFile.fromBytes(input, "ckpt.bin"));
    assertTrue(e.getMessage().startsWith("ckpt.bin: "), e.getMessage());
  }

  @Test
  void unknownVersionIsNamed() {
    ToyTraining t = new ToyTraining(1);
    byte[] b = CheckpointFile.toBytes(t.checkpoint());
    b[11] = 9; // the low byte of the version int after the 8-byte magic
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> CheckpointFile.fromBytes(b, "f"));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  static final class OtherModel extends Module {
    final Parameter w = addParameter("w", Parameter.unconstrained(Matrix.column(1, 2)));
    final Parameter noise = addParameter("noise", Parameter.positive(0.5));
  }

  @Test
  void otherStructureIsRefusedAndNothingIsLoaded() {
    ToyTraining t = new ToyTraining(1);
    t.train(2);
    OtherModel other = new OtherModel();
    Matrix before = other.noise.unconstrained();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoints.restore(t.checkpoint(), other, null));
    assertTrue(e.getMessage().contains("structure"), e.getMessage());
    assertArrayEquals(before.data(), other.noise.unconstrained().data(), 0.0);
  }

  @Test
  void predictionOnlySaveLoadsParametersButNotIntoAnOptimiser() throws Exception {
    ToyTraining t = new ToyTraining(1);
    t.train(5);
    Checkpoint c = Checkpoints.captureForPrediction(t.model);
    ToyTraining fresh = new ToyTraining(1);
    Checkpoints.restore(c, fresh.model, null);
    assertArrayEquals(t.model.w.unconstrained().data(), fresh.model.w.unconstrained().data(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> Checkpoints.restore(c, fresh.model, fresh.adam));
  }

  @Test
  void managerKeepsTheLastKAndLeavesNoTemporaryFiles() throws Exception {
    CheckpointManager m = new CheckpointManager(dir.resolve("ck"), 3);
    ToyTraining t = new ToyTraining(1);
    for (int s = 1; s <= 6; s++) {
      t.train(1);
      m.save(t.checkpoint(), s);
    }
    List<Path> files = m.list();
    assertEquals(List.of(4L, 5L, 6L), files.stream().map(CheckpointManager::stepOf).toList());
    File[] all = dir.resolve("ck").toFile().listFiles();
    assertEquals(3, all.length, "temporary files were left behind");
    assertEquals(6L, m.latest().orElseThrow().counter("step"));
  }

  @Test
  void damagedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
    CheckpointManager m = new CheckpointManager(dir.resolve("ck"), 3);
    ToyTraining t = new ToyTraining(1);
    t.train(1);
    m.save(t.checkpoint(), 1);
    t.train(1);
    Path newest = m.save(t.checkpoint(), 2);
    byte[] b = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(b, b.length / 2));
    assertEquals(1L, m.latest().orElseThrow().counter("step"));
  }

  @Test
  void failedWriteLeavesThePreviousFileIntact() throws Exception {
    Path target = dir.resolve("c.bin");
    ToyTraining t = new ToyTraining(1);
    CheckpointFile.write(t.checkpoint(), target);
    byte[] before = Files.readAllBytes(target);
    // A target whose folder cannot be created (a file stands in the way) fails before renaming.
    Path blocked = dir.resolve("c.bin").resolve("inner.bin");
    assertThrows(java.io.IOException.class, () -> CheckpointFile.write(t.checkpoint(), blocked));
    assertArrayEquals(before, Files.readAllBytes(target));
  }

  /** A writer killed mid-write leaves its temporary file; the next save in that folder removes it. */
  @Test
  void tempFilesOfAKilledWriterAreRemovedByTheNextSave() throws Exception {
    Path ck = dir.resolve("ck");
    CheckpointManager m = new CheckpointManager(ck, 2);
    ToyTraining t = new ToyTraining(1);
    t.train(1);
    m.save(t.checkpoint(), 1);
    Path stale = ck.resolve(".ckpt-000000000002.bin.123456789.tmp");
    Path unrelated = ck.resolve("notes.tmp");
    Files.write(stale, new byte[] {1, 2, 3});
    Files.write(unrelated, new byte[] {4});
    assertEquals(1L, m.latest().orElseThrow().counter("step"), "a stale temporary file is never read");
    t.train(1);
    m.save(t.checkpoint(), 2);
    assertTrue(!Files.exists(stale), "the stale temporary file is gone");
    assertTrue(Files.exists(unrelated), "other files are left alone");
    assertEquals(List.of(1L, 2L), m.list().stream().map(CheckpointManager::stepOf).toList());
  }
}
