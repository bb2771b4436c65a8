package bms.examples.data;

import java.io.IOException;
import java.nio.file.Path;

/** Loads the MNIST digits shipped in {@code data/mnist} (or any pair of IDX files). */
public final class Mnist {
  /** MNIST images are 28 x 28 pixels. */
  public static final int SIDE = 28;

  /** The two MNIST splits and their shipped files. */
  public enum Split {
    TRAIN(ShippedFile.MNIST_TRAIN_IMAGES, ShippedFile.MNIST_TRAIN_LABELS, 60_000),
    TEST(ShippedFile.MNIST_TEST_IMAGES, ShippedFile.MNIST_TEST_LABELS, 10_000);

    private final ShippedFile images;
    private final ShippedFile labels;
    private final int count;

    Split(ShippedFile images, ShippedFile labels, int count) {
      this.images = images;
      this.labels = labels;
      this.count = count;
    }

    public ShippedFile imagesFile() {
      return images;
    }

    public ShippedFile labelsFile() {
      return labels;
    }

    /** The number of digits in this split (60,000 or 10,000). */
    public int count() {
      return count;
    }
  }

  private Mnist() {}

  /**
   * Loads a shipped split after checking both files' SHA-256 against data/README.md.
   *
   * @throws DataFileException if a file differs from the shipped one or is malformed
   */
  public static Digits load(DataRoot root, Split split) throws IOException {
    Digits d = read(split.images.verify(root), split.labels.verify(root));
    if (d.count() != split.count || d.rows() != SIDE || d.cols() != SIDE) {
      throw new DataFileException(split.images.path(root), "",
          "holds " + d.count() + " images of " + d.rows() + "x" + d.cols() + ", MNIST " + split
              + " has " + split.count + " of 28x28");
    }
    return d;
  }

  /**
   * Reads an IDX image file (3 dimensions: count, rows, cols) and an IDX label file (1
   * dimension) with the same count and labels 0..9. Either may be gzip-compressed.
   */
  public static Digits read(Path imagesFile, Path labelsFile) throws IOException {
    IdxArray images = IdxReader.read(imagesFile, 3);
    IdxArray labels = IdxReader.read(labelsFile, 1);
    if (labels.count() != images.count()) {
      throw new DataFileException(labelsFile, "byte 4", "holds " + labels.count()
          + " labels but " + imagesFile + " holds " + images.count() + " images");
    }
    int[] lab = new int[labels.count()];
    for (int i = 0; i < lab.length; i++) {
      lab[i] = labels.unsigned(i);
      if (lab[i] >= Digits.CLASSES) {
        // Offsets count in the decompressed stream: 8 header bytes, then one byte per label.
        throw new DataFileException(labelsFile, "label " + i + ", decompressed byte " + (8 + i),
            "label " + lab[i] + " is outside 0..9");
      }
    }
    return new Digits(images.dims()[1], images.dims()[2], images.values(), lab);
  }
}
