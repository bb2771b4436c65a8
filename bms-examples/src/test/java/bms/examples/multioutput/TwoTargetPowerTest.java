package bms.examples.multioutput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.examples.data.DataRoot;
import bms.examples.data.NamedDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two-target power set is made from the shipped file's columns; both models learn it. */
class TwoTargetPowerTest {
  @Test
  void columnsComeFromTheShippedPowerFile() throws Exception {
    NamedDataset d = TwoTargetPower.load(DataRoot.locate());
    assertEquals(9568, d.size());
    // First data line of data/uci/power.csv: AT,V,AP,RH,PE = 8.34,40.77,1010.84,90.01,480.48
    assertEquals(8.34, d.x().get(0, 0));
    assertEquals(1010.84, d.x().get(0, 1));
    assertEquals(90.01, d.x().get(0, 2));
    assertEquals(40.77, d.y().get(0, 0));
    assertEquals(480.48, d.y().get(0, 1));
  }

  @Test
  void independentAndLmcModelsPredictBothTargetsWellBelowTheirSpread() throws Exception {
    NamedDataset d = TwoTargetPower.load(DataRoot.locate());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<TwoTargetPower.Fit> fits = TwoTargetPower.run(new PrintStream(buf, true, StandardCharsets.UTF_8), d, 300, 40,
        1);
    double[] sd = new double[2];
    for (int j = 0; j < 2; j++) {
      double m = 0, s = 0;
      for (int i = 0; i < d.size(); i++) m += d.y().get(i, j) / d.size();
      for (int i = 0; i < d.size(); i++) s += Math.pow(d.y().get(i, j) - m, 2) / d.size();
      sd[j] = Math.sqrt(s);
    }
    assertEquals(2, fits.size());
    for (TwoTargetPower.Fit f : fits) {
      assertTrue(Double.isFinite(f.bound()), f.model());
      for (int j = 0; j < 2; j++) {
        assertTrue(f.rmse()[j] < 0.6 * sd[j], f.model() + " target " + j + ": RMSE " + f.rmse()[j] + ", sd " + sd[j]);
      }
    }
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("lmc"));
  }
}
