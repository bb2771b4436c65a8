package bms.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Every data file shipped in the repository's {@code data/}, with the size and SHA-256 recorded
 * in data/README.md. Loading a shipped data set checks them first, so a damaged or edited file
 * is reported by name instead of silently changing published results.
 */
public enum ShippedFile {
  MNIST_TRAIN_IMAGES("mnist/train-images-idx3-ubyte.gz", 9_719_438,
      "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971"),
  MNIST_TRAIN_LABELS("mnist/train-labels-idx1-ubyte.gz", 28_881,
      "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
  MNIST_TEST_IMAGES("mnist/t10k-images-idx3-ubyte.gz", 1_616_508,
      "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be"),
  MNIST_TEST_LABELS("mnist/t10k-labels-idx1-ubyte.gz", 4_542,
      "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
  BOSTON("uci/boston.csv", 34_695, "79ac716620024011b03c0c44d2bf99069b8173649181926d9109c25475a3804c"),
  CONCRETE("uci/concrete.csv", 40_432, "c2690f237285ede14fa54fe05dbe6a83ce510f65de6a8c5f8cafd6cefd9f38e2"),
  ENERGY("uci/energy.csv", 29_083, "c302983736e4fcd5dea54f60dbbf104719486fb209b7fc1f6f41963ac10fb490"),
  KIN8NM("uci/kin8nm.csv", 815_626, "e74acfb93744b300a8bca76890a2a4a2f3dedf0ea6a76a7fb353da44ee91c773"),
  NAVAL("uci/naval.csv", 1_346_021, "f322ccc176018358cefeaea037425841a7395f16d495a09b0746be239c0baa33"),
  POWER("uci/power.csv", 308_694, "76855630b59fb9b2ef08e02d5907f8c73f18d97a476ac25f06cca6dd7fe2df21"),
  PROTEIN("uci/protein.csv", 3_528_690, "5879f143cf15b2f59e63ddd413bc11417b1cd6ef311ff6f449b0aeb5b861e1f0"),
  WINE_RED("uci/wine-red.csv", 84_173, "b51c8ee6ca1f66473bd98042780da9ce3eceaf6fe113441e8f2c3ee593b02318"),
  YACHT("uci/yacht.csv", 10_867, "a767e2387c0db312c9bfb039bfdef76ac1b22d821f71ea0a4f0a695e67dac0fd");

  private final String relativePath;
  private final long bytes;
  private final String sha256;

  ShippedFile(String relativePath, long bytes, String sha256) {
    this.relativePath = relativePath;
    this.bytes = bytes;
    this.sha256 = sha256;
  }

  /** The path below the data folder, e.g. "uci/kin8nm.csv". */
  public String relativePath() {
    return relativePath;
  }

  public long bytes() {
    return bytes;
  }

  /** The SHA-256 of the file as shipped, lower-case hex. */
  public String sha256() {
    return sha256;
  }

  public Path path(DataRoot root) {
    return root.resolve(relativePath);
  }

  /**
   * Checks that the file exists with the shipped size and SHA-256 and returns its path.
   *
   * @throws DataFileException if the size or checksum differ
   * @throws IOException if the file is missing or unreadable
   */
  public Path verify(DataRoot root) throws IOException {
    Path p = path(root);
    long size = Files.size(p);
    if (size != bytes) {
      throw new DataFileException(p, "", "has " + size + " bytes, the shipped file has " + bytes
          + " (see data/README.md): the file was changed or damaged");
    }
    String actual = sha256Of(p);
    if (!actual.equals(sha256)) {
      throw new DataFileException(p, "", "SHA-256 " + actual + " differs from the shipped " + sha256
          + " (see data/README.md): the file was changed or damaged");
    }
    return p;
  }

  /** The SHA-256 of a file, lower-case hex. */
  public static String sha256Of(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
