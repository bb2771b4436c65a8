package bms.examples.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The nine UCI regression benchmarks shipped in {@code data/uci} (Hernandez-Lobato and Adams
 * 2015; Salimbeni and Deisenroth 2017), with their documented sizes. Each CSV has a header, the
 * inputs first and the target last.
 */
public enum UciDataset {
  BOSTON(ShippedFile.BOSTON, 506, 13, "MEDV"),
  CONCRETE(ShippedFile.CONCRETE, 1030, 8, "compressive_strength"),
  ENERGY(ShippedFile.ENERGY, 768, 8, "heating_load"),
  KIN8NM(ShippedFile.KIN8NM, 8192, 8, "y"),
  NAVAL(ShippedFile.NAVAL, 11934, 16, "gt_compressor_decay"),
  POWER(ShippedFile.POWER, 9568, 4, "PE"),
  PROTEIN(ShippedFile.PROTEIN, 45730, 9, "RMSD"),
  WINE_RED(ShippedFile.WINE_RED, 1599, 11, "quality"),
  YACHT(ShippedFile.YACHT, 308, 6, "residuary_resistance");

  private final ShippedFile file;
  private final int rows;
  private final int features;
  private final String target;

  UciDataset(ShippedFile file, int rows, int features, String target) {
    this.file = file;
    this.rows = rows;
    this.features = features;
    this.target = target;
  }

  /** The name used on the command line and in file names, e.g. "kin8nm", "wine-red". */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The data set with this {@link #id()} (case-insensitive; '_' and '-' are equivalent). */
  public static UciDataset byId(String id) {
    String norm = id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (UciDataset d : values()) {
      if (d.id().equals(norm)) {
        return d;
      }
    }
    StringBuilder known = new StringBuilder();
    for (UciDataset d : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(d.id());
    }
    throw new IllegalArgumentException("unknown UCI data set '" + id + "'; known: " + known);
  }

  public ShippedFile file() {
    return file;
  }

  public int rows() {
    return rows;
  }

  public int features() {
    return features;
  }

  /** The name of the target column. */
  public String target() {
    return target;
  }

  /** The raw table (header and all columns), after checking the file's SHA-256 and shape. */
  public CsvTable table(DataRoot root) throws IOException {
    Path p = file.verify(root);
    CsvTable t = CsvReader.read(p);
    if (t.rows() != rows || t.cols() != features + 1) {
      throw new DataFileException(p, "", "holds " + t.rows() + " rows of " + t.cols()
          + " columns, " + id() + " has " + rows + " rows of " + (features + 1));
    }
    if (!t.header().get(features).equals(target)) {
      throw new DataFileException(p, "line 1", "the last column is '" + t.header().get(features)
          + "', expected the target '" + target + "'");
    }
    return t;
  }

  /** The data set in original units: x = the feature columns, y = the target column. */
  public NamedDataset load(DataRoot root) throws IOException {
    return table(root).toDataset(id());
  }
}
