package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped MNIST files and the Digits helpers. Expected values come from data/README.md. */
class MnistTest {
  private static Digits train;
  private static Digits test;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() throws IOException {
    DataRoot root = DataRoot.locate();
    train = Mnist.load(root, Mnist.Split.TRAIN);
    test = Mnist.load(root, Mnist.Split.TEST);
  }

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @Test
  void shippedSplitsHaveTheDocumentedSizesLabelsAndCounts() {
    assertEquals(60_000, train.count());
    assertEquals(10_000, test.count());
    assertEquals(28, train.rows());
    assertEquals(28, train.cols());
    assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, java.util.Arrays.copyOf(train.labels(), 10));
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, java.util.Arrays.copyOf(test.labels(), 10));
    assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
    assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.classCounts());
    // README: mean pixel 33.318 (train) and 33.791 (test) out of 255.
    assertEquals(33.318, meanPixel(train), 5e-4);
    assertEquals(33.791, meanPixel(test), 5e-4);
  }

  private static double meanPixel(Digits d) {
    long s = 0;
    for (byte b : d.pixels()) {
      s += b & 0xFF;
    }
    return s / (double) d.pixels().length;
  }

  @Test
  void loadedBytesAreExactlyTheOriginalMnistFiles() throws Exception {
    // data/README.md: MD5 of the uncompressed IDX files, as published for the originals. Rebuilt
    // from what the loader returns, this checks every pixel, its order and every label.
    assertEquals("6bbc9ace898e44ae57da46a324031adb",
        md5(Corruption.idx(new int[] {60_000, 28, 28}, train.pixels())));
    assertEquals("2646ac647ad5339dbf082846283269ea",
        md5(Corruption.idx(new int[] {10_000, 28, 28}, test.pixels())));
    assertEquals("a25bea736e30d166cdddb491f175f624", md5(Corruption.idx(new int[] {60_000}, bytes(train.labels()))));
    assertEquals("27ae3e4e09519cfbb04c329615203637", md5(Corruption.idx(new int[] {10_000}, bytes(test.labels()))));
  }

  private static byte[] bytes(int[] labels) {
    byte[] b = new byte[labels.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) labels[i];
    }
    return b;
  }

  private static String md5(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void seededSamplesAreDistinctReproducibleAndScaled(long seed) {
    Random rng = new Random(seed);
    int n = 1 + rng.nextInt(200);
    Digits a = test.sample(n, seed);
    Digits b = test.sample(n, seed);
    assertArrayEquals(a.pixels(), b.pixels());
    assertArrayEquals(a.labels(), b.labels());
    Matrix x = a.images();
    assertEquals(n, x.rows());
    assertEquals(784, x.cols());
    for (double v : x.data()) {
      assertTrue(v >= 0 && v <= 1, "pixel " + v);
    }
    // Every sampled image is one of the test images with its own label, and no image twice.
    Set<Integer> seen = new HashSet<>();
    int[] idx = Splits.sampleWithoutReplacement(test.count(), n, new Random(seed));
    for (int k = 0; k < n; k++) {
      assertTrue(seen.add(idx[k]));
      assertEquals(test.label(idx[k]), a.label(k));
      assertArrayEquals(test.image(idx[k]), a.image(k));
      assertEquals((test.pixels()[idx[k] * 784 + 300] & 0xFF) / 255.0, x.get(k, 300));
    }
    NamedDataset ds = a.toDataset("s");
    assertArrayEquals(a.labels(), ds.labels(10));
  }

  @Test
  void differentSeedsDrawDifferentSubsets() {
    assertNotEquals(java.util.Arrays.toString(test.sample(20, 1).labels()) + test.sample(20, 1).pixels().length,
        java.util.Arrays.toString(test.sample(20, 2).labels()) + test.sample(20, 2).pixels().length);
  }

  @Test
  void labelOutsideZeroToNineIsRejectedWithItsOffset() throws IOException {
    byte[] labels = {3, 1, 12, 0};
    Path img = dir.resolve("i.idx");
    Path lab = dir.resolve("l.idx");
    Files.write(img, Corruption.idx(new int[] {4, 2, 2}, new byte[16]));
    Files.write(lab, Corruption.idx(new int[] {4}, labels));
    DataFileException e = assertThrows(DataFileException.class, () -> Mnist.read(img, lab));
    assertEquals(lab, e.file());
    assertTrue(e.getMessage().contains("label 12 is outside 0..9"), e.getMessage());
    assertTrue(e.location().contains("byte 10"), e.location());
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    Path img = dir.resolve("i.idx");
    Path lab = dir.resolve("l.idx");
    Files.write(img, Corruption.idx(new int[] {3, 2, 2}, new byte[12]));
    Files.write(lab, Corruption.idx(new int[] {4}, new byte[4]));
    DataFileException e = assertThrows(DataFileException.class, () -> Mnist.read(img, lab));
    assertTrue(e.getMessage().contains("holds 4 labels") && e.getMessage().contains("3 images"), e.getMessage());
  }

  /** A data folder in the temporary directory with copies of the given shipped files. */
  private DataRoot copyOf(ShippedFile... files) throws IOException {
    DataRoot real = DataRoot.locate();
    Path root = dir.resolve("data");
    Files.createDirectories(root.resolve("mnist"));
    Files.createDirectories(root.resolve("uci"));
    Files.copy(real.resolve("README.md"), root.resolve("README.md"));
    for (ShippedFile f : files) {
      Files.copy(f.path(real), root.resolve(f.relativePath()));
    }
    return new DataRoot(root);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void anyBitFlipInAShippedFileIsCaughtByItsChecksum(long seed) throws IOException {
    DataRoot root = copyOf(ShippedFile.MNIST_TEST_LABELS);
    Path labels = ShippedFile.MNIST_TEST_LABELS.path(root);
    byte[] bytes = Files.readAllBytes(labels);
    Files.write(labels, Corruption.flipBit(bytes, new Random(seed).nextInt(8 * bytes.length)));
    DataFileException e = assertThrows(DataFileException.class, () -> ShippedFile.MNIST_TEST_LABELS.verify(root));
    assertEquals(labels, e.file());
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void loadingAShippedSplitChecksItsFiles() throws IOException {
    DataRoot root = copyOf(ShippedFile.MNIST_TEST_IMAGES, ShippedFile.MNIST_TEST_LABELS);
    Path labels = ShippedFile.MNIST_TEST_LABELS.path(root);
    byte[] bytes = Files.readAllBytes(labels);
    Files.write(labels, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(root, Mnist.Split.TEST));
    assertEquals(labels, e.file());
    assertTrue(e.getMessage().contains("has 4541 bytes, the shipped file has 4542"), e.getMessage());
  }

  @Test
  void digitsValidateTheirArguments() {
    assertThrows(IllegalArgumentException.class, () -> new Digits(2, 2, new byte[4], new int[] {10}));
    assertThrows(IllegalArgumentException.class, () -> new Digits(2, 2, new byte[5], new int[] {1}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> test.sample(10_001, 1));
    assertTrue(e.getMessage().contains("10001"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> test.subset(new int[] {10_000}));
  }
}
