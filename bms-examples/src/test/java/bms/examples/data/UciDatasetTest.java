package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The shipped UCI files load with the sizes and target statistics of data/README.md. */
class UciDatasetTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(UciDataset.class)
  void loadsWithTheDocumentedShape(UciDataset d) throws IOException {
    NamedDataset ds = d.load(DataRoot.locate());
    assertEquals(d.rows(), ds.size());
    assertEquals(d.features(), ds.features());
    assertEquals(1, ds.outputs());
    assertEquals(d.id(), ds.name());
  }

  @ParameterizedTest
  @CsvSource({
    // README "Verification done": mean/min/max of the target.
    "boston, 22.533, 5, 50",
    "concrete, 35.818, 2.33, 82.6",
    "energy, 22.307, 6.01, 43.1",
    "kin8nm, 0.7143, 0.040, 1.459",
    "naval, 0.975, 0.95, 1.0",
    "power, 454.365, 420.26, 495.76",
    "protein, 7.7485, 0, 20.999",
    "yacht, 10.495, 0.01, 62.42"
  })
  void targetStatisticsMatchTheReadme(String id, double mean, double min, double max) throws IOException {
    double[] y = UciDataset.byId(id).load(DataRoot.locate()).y().data();
    double s = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : y) {
      s += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // The README rounds: to its last printed digit.
    assertEquals(mean, s / y.length, 6e-4 * Math.max(1, Math.abs(mean)));
    assertEquals(min, lo, 1e-3);
    assertEquals(max, hi, 1e-3);
  }

  @Test
  void wineQualityCountsMatchTheReadme() throws IOException {
    double[] y = UciDataset.WINE_RED.load(DataRoot.locate()).y().data();
    int[] counts = new int[10];
    for (double v : y) {
      counts[(int) v]++;
    }
    assertArrayEquals(new int[] {0, 0, 0, 10, 53, 681, 638, 199, 18, 0}, counts);
  }

  @Test
  void kin8nmIs8192By8AndNavalHasTwoConstantColumns() throws IOException {
    DataRoot root = DataRoot.locate();
    NamedDataset kin = UciDataset.KIN8NM.load(root);
    assertEquals(8192, kin.size());
    assertEquals(8, kin.features());
    CsvTable naval = UciDataset.NAVAL.table(root);
    for (String constant : new String[] {"T1", "P1"}) {
      int j = naval.columnIndex(constant);
      double first = naval.values().get(0, j);
      for (int i = 0; i < naval.rows(); i++) {
        assertEquals(first, naval.values().get(i, j));
      }
    }
  }

  @Test
  void byIdAcceptsCommandLineSpellings() {
    assertEquals(UciDataset.WINE_RED, UciDataset.byId("wine-red"));
    assertEquals(UciDataset.WINE_RED, UciDataset.byId("WINE_RED"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UciDataset.byId("iris"));
    assertTrue(e.getMessage().contains("'iris'") && e.getMessage().contains("kin8nm"), e.getMessage());
  }

  @Test
  void anEditedShippedFileIsReportedByName() throws IOException {
    Path root = dir.resolve("data");
    Files.createDirectories(root.resolve("mnist"));
    Files.createDirectories(root.resolve("uci"));
    DataRoot real = DataRoot.locate();
    Files.copy(real.resolve("README.md"), root.resolve("README.md"));
    String text = Files.readString(ShippedFile.YACHT.path(real));
    // Same size, one digit changed in the last row: only the checksum can tell.
    int at = text.lastIndexOf('1');
    String edited = text.substring(0, at) + '2' + text.substring(at + 1);
    Files.writeString(root.resolve("uci/yacht.csv"), edited);
    DataFileException e = assertThrows(DataFileException.class, () -> UciDataset.YACHT.load(new DataRoot(root)));
    assertTrue(e.getMessage().contains("yacht.csv") && e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void dataRootRefusesAFolderWithoutTheLayout() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataRoot(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }
}
