package bms.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.optim.AdamState;
import bms.core.testing.LoaderFuzz;
import bms.core.testing.RandomCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LoaderFuzz} over the checkpoint reader and over a resume into a model: every damaged
 * file is refused with a CheckpointFormatException naming the file (or, for a resume, an
 * IllegalArgumentException naming the mismatch), within bounded memory, and a refused resume
 * leaves the model and optimiser as they were.
 */
class CheckpointFuzzTest {
  /** Magic and version: kept by the garbage cases so they get past the header checks. */
  private static final int HEADER = 12;
  @TempDir Path dir;

  static Stream<Long> seeds() {
    return RandomCases.seeds(10);
  }

  /** For the cases that go through files (a few ms each). */
  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(3);
  }

  /** A small checkpoint of every section: parameters, Adam state, a generator and counters. */
  private static byte[] smallCheckpoint(long seed) {
    ToyTraining t = new ToyTraining(seed);
    t.train(2);
    return CheckpointFile.toBytes(t.checkpoint());
  }

  private static LoaderFuzz<Checkpoint> reader() {
    return LoaderFuzz.<Checkpoint>of(b -> CheckpointFile.fromBytes(b, "fuzz.bin"), CheckpointFormatException.class)
        .messagesMust(m -> m.startsWith("fuzz.bin: ")).resealWith(LoaderFuzz.crc32Trailer());
  }

  /** Resuming {@code target} from a file, as a Trainer does: read, then restore all or nothing. */
  private LoaderFuzz<ToyTraining> resumeInto(ToyTraining target) {
    return LoaderFuzz.<ToyTraining>ofFiles(file -> {
      target.resume(CheckpointFile.read(file));
      return target;
    }, dir, CheckpointFormatException.class, IllegalArgumentException.class)
        .resealWith(LoaderFuzz.crc32Trailer()).unchangedOnRefusal(() -> snapshot(target));
  }

  /** Everything a resume may change: parameter values, Adam's state, the generator and the step. */
  private static Object snapshot(ToyTraining t) {
    List<Object> s = new ArrayList<>();
    t.model.parameters().forEach((path, p) -> s.add(p.unconstrained().data()));
    AdamState a = t.adam.exportState();
    s.add(a.step());
    a.firstMoments().forEach((k, v) -> s.add(v));
    a.secondMoments().forEach((k, v) -> s.add(v));
    s.add(t.rng.state().words());
    s.add(t.step);
    return s.toArray();
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] valid = smallCheckpoint(1);
    LoaderFuzz.Report r = reader().truncations(valid);
    assertEquals(2 * valid.length, r.refused());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void changedBytesAreRefusedByTheChecksum(long seed) {
    LoaderFuzz.Report r = reader().byteFlips(smallCheckpoint(seed), seed, 200, false);
    assertEquals(0, r.loaded(), "CRC-32 detects every change of up to 4 bytes in practice");
  }

  /** Resealed flips reach the parser: refused with a message, or loaded when they only changed a value. */
  @ParameterizedTest
  @MethodSource("seeds")
  void resealedChangedBytesAreRefusedOrHarmless(long seed) {
    LoaderFuzz.Report r = reader().byteFlips(smallCheckpoint(seed), seed, 300, true);
    assertEquals(300, r.cases());
    assertTrue(r.refused() > 0, "some flips hit a length, a name or the header: " + r);
  }

  @Test
  void hugeLengthsAreRefusedWithinTheFileSize() {
    byte[] valid = smallCheckpoint(2);
    LoaderFuzz.Report r = reader().hugeLengths(valid);
    assertTrue(r.refused() > r.cases() / 4, "most windows overlap a length, a count or a name: " + r);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aValidChecksumOverGarbageIsRefused(long seed) {
    LoaderFuzz.Report r = reader().garbage(smallCheckpoint(seed), HEADER, seed, 200);
    assertEquals(0, r.loaded(), r.toString());
  }

  /** Resuming from damaged files: refused, nothing changed in the model, optimiser or generator. */
  @ParameterizedTest
  @MethodSource("fewSeeds")
  void aRefusedResumeChangesNothing(long seed) {
    ToyTraining source = new ToyTraining(seed);
    source.train(4);
    byte[] valid = CheckpointFile.toBytes(source.checkpoint());
    ToyTraining target = new ToyTraining(seed + 1);
    target.train(1);
    LoaderFuzz<ToyTraining> fuzz = resumeInto(target);
    fuzz.byteFlips(valid, seed, 100, true);
    fuzz.truncations(java.util.Arrays.copyOf(valid, Math.min(valid.length, 120)));
    LoaderFuzz.Report garbage = fuzz.garbage(valid, HEADER, seed, 50);
    assertEquals(0, garbage.loaded(), garbage.toString());
  }

  /** A checkpoint with a non-finite value, or of another structure, is refused by restore with nothing loaded. */
  @Test
  void resealedValuesThatRestoreRejectsLeaveTheModelAlone() {
    ToyTraining source = new ToyTraining(3);
    source.train(3);
    byte[] valid = CheckpointFile.toBytes(source.checkpoint());
    ToyTraining target = new ToyTraining(4);
    target.train(2);
    LoaderFuzz<ToyTraining> fuzz = resumeInto(target);
    // Every 8-byte window set to NaN bits: where that is a value, restore refuses it.
    int refused = 0;
    for (int off = 0; off + 8 <= valid.length - 8; off++) {
      byte[] b = valid.clone();
      java.nio.ByteBuffer.wrap(b, off, 8).putLong(Double.doubleToRawLongBits(Double.NaN));
      if (fuzz.check(LoaderFuzz.crc32Trailer().apply(b), "NaN at byte " + off) == LoaderFuzz.Outcome.REFUSED) refused++;
    }
    assertTrue(refused > 0);
  }
}
