package bms.dgp.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointFile;
import bms.core.checkpoint.CheckpointFormatException;
import bms.core.checkpoint.Checkpoints;
import bms.core.optim.AdamState;
import bms.core.testing.LoaderFuzz;
import bms.core.testing.RandomCases;
import bms.dgp.models.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LoaderFuzz} over the two ways bms-dgp loads a file into a model: {@link Trainer#restore}
 * (resuming training) and {@link ModelFiles#loadForPrediction}. Damaged files are refused with a
 * clear message and leave the deep GP and its optimiser exactly as they were.
 */
class TrainerResumeFuzzTest {
  @TempDir Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(3);
  }

  private static Object snapshot(TrainingFixture f) {
    List<Object> s = new ArrayList<>();
    f.model.parameters().forEach((path, p) -> s.add(p.unconstrained().data()));
    AdamState a = f.adam.exportState();
    s.add(a.step());
    a.firstMoments().forEach((k, v) -> s.add(v));
    a.secondMoments().forEach((k, v) -> s.add(v));
    return s.toArray();
  }

  private static byte[] trainedCheckpoint(long seed) {
    TrainingFixture source = new TrainingFixture(seed, seed);
    source.trainer.adam(source.adam, 3);
    return CheckpointFile.toBytes(source.trainer.checkpoint(source.adam));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedCheckpointsAreRefusedByTheTrainerWithNothingLoaded(long seed) {
    byte[] valid = trainedCheckpoint(seed);
    TrainingFixture target = new TrainingFixture(seed, seed + 1);
    target.trainer.adam(target.adam, 1);
    LoaderFuzz<TrainingFixture> fuzz = LoaderFuzz.<TrainingFixture>ofFiles(file -> {
      target.trainer.restore(CheckpointFile.read(file), target.adam);
      return target;
    }, dir, CheckpointFormatException.class, IllegalArgumentException.class)
        .resealWith(LoaderFuzz.crc32Trailer()).unchangedOnRefusal(() -> snapshot(target));
    fuzz.loadValid(valid);
    // loadValid restored the checkpoint; start the cases from another state again.
    target.trainer.adam(target.adam, 1);
    LoaderFuzz.Report flips = fuzz.byteFlips(valid, seed, 80, true);
    assertTrue(flips.refused() > 0, flips.toString());
    assertEquals(0, fuzz.garbage(valid, 12, seed, 30).loaded());
    fuzz.truncations(java.util.Arrays.copyOf(valid, 120));
  }

  /** A step counter that disagrees with the Adam state is refused before anything is loaded. */
  @Test
  void aStepCounterThatDisagreesWithAdamChangesNothing() {
    TrainingFixture source = new TrainingFixture(5, 5);
    source.trainer.adam(source.adam, 3);
    Checkpoint good = source.trainer.checkpoint(source.adam);
    Map<String, Long> counters = new HashMap<>(good.counters());
    counters.put("step", 7L);
    Checkpoint bad = new Checkpoint(good.structure(), good.parameters(), good.adam(), good.generators(), counters);
    TrainingFixture target = new TrainingFixture(5, 6);
    Object before = snapshot(target);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> target.trainer.restore(bad, target.adam));
    assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
    assertTrue(java.util.Arrays.deepEquals((Object[]) before, (Object[]) snapshot(target)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedModelFilesAreRefusedWithNothingLoaded(long seed) throws Exception {
    TrainingFixture source = new TrainingFixture(seed, seed);
    source.trainer.adam(source.adam, 2);
    Path file = dir.resolve("model.bin");
    ModelFiles.saveForPrediction(source.model, file);
    byte[] valid = Files.readAllBytes(file);
    TrainingFixture target = new TrainingFixture(seed, seed + 1);
    LoaderFuzz<TrainingFixture> fuzz = LoaderFuzz.<TrainingFixture>ofFiles(f -> {
      ModelFiles.loadForPrediction(f, target.model);
      return target;
    }, dir, CheckpointFormatException.class, IllegalArgumentException.class)
        .resealWith(LoaderFuzz.crc32Trailer()).unchangedOnRefusal(() -> snapshot(target))
        .messagesMust(m -> m.contains("fuzz.bin"));
    assertEquals(0, fuzz.byteFlips(valid, seed, 60, false).loaded());
    fuzz.byteFlips(valid, seed, 60, true);
    assertEquals(0, fuzz.garbage(valid, 12, seed, 30).loaded());
    LoaderFuzz.Report huge = fuzz.hugeLengthsAt(valid, LoaderFuzz.randomOffsets(valid.length, 40, seed));
    assertTrue(huge.refused() > 0, huge.toString());
  }

  /** A RandomStream's state travels through a checkpoint file as numbers and continues identically. */
  @ParameterizedTest
  @MethodSource("seeds")
  void aRandomStreamSavedInACheckpointContinuesIdentically(long seed) throws Exception {
    TrainingFixture f = new TrainingFixture(seed, seed);
    bms.dgp.random.RandomStream rng = new bms.dgp.random.RandomStream(seed);
    for (int i = 0; i < 11; i++) rng.nextGaussian();
    Checkpoint c = Checkpoints.capture(f.model, null, Map.of("noise", rng.state()), Map.of());
    Checkpoint back = CheckpointFile.fromBytes(CheckpointFile.toBytes(c), "mem");
    bms.dgp.random.RandomStream restored = bms.dgp.random.RandomStream.restore(back.generator("noise"));
    assertEquals(rng.seed(), restored.seed());
    for (int i = 0; i < 20; i++) assertEquals(rng.nextLong(), restored.nextLong());
    assertThrows(IllegalArgumentException.class, () -> bms.dgp.random.RandomStream.restore(
        bms.core.checkpoint.GeneratorState.of("lcg48", 1)));
  }
}
