package bms.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Standardisation: zero mean and unit variance, constant columns, exact maps back. */
class StandardizerTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(60);
  }

  /** Columns of random location and scale, some constant. */
  private static NamedDataset randomData(RandomCases rc) {
    int n = rc.dim(2, 40);
    int d = rc.dim(1, 5);
    int p = rc.dim(1, 3);
    Matrix x = rc.matrix(n, d);
    Matrix y = rc.matrix(n, p);
    for (Matrix m : new Matrix[] {x, y}) {
      for (int j = 0; j < m.cols(); j++) {
        double loc = 100 * rc.rng().nextGaussian();
        double scale = Math.pow(10, rc.rng().nextInt(7) - 3);
        boolean constant = rc.rng().nextInt(4) == 0;
        for (int i = 0; i < n; i++) {
          m.set(i, j, constant ? loc : loc + scale * m.get(i, j));
        }
      }
    }
    return new NamedDataset("r", x, y);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void trainingColumnsGetZeroMeanAndUnitVarianceOrExactZero(long seed) {
    NamedDataset data = randomData(new RandomCases(seed));
    NamedDataset z = Standardizer.fit(data).apply(data);
    for (Matrix[] pair : new Matrix[][] {{data.x(), z.x()}, {data.y(), z.y()}}) {
      Matrix orig = pair[0];
      Matrix m = pair[1];
      for (int j = 0; j < m.cols(); j++) {
        boolean constant = true;
        double mean = 0;
        for (int i = 0; i < m.rows(); i++) {
          constant &= orig.get(i, j) == orig.get(0, j);
          mean += m.get(i, j) / m.rows();
        }
        double var = 0;
        for (int i = 0; i < m.rows(); i++) {
          var += Math.pow(m.get(i, j) - mean, 2) / m.rows();
        }
        if (constant) {
          for (int i = 0; i < m.rows(); i++) {
            assertEquals(0.0, m.get(i, j), "a constant column maps to exactly 0");
          }
        } else {
          assertEquals(0.0, mean, 1e-9);
          assertEquals(1.0, var, 1e-9);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void inverseMapsUndoTheTransform(long seed) {
    RandomCases rc = new RandomCases(seed);
    NamedDataset data = randomData(rc);
    Standardizer s = Standardizer.fit(data);
    Matrix y = s.inverseY(s.transformY(data.y()));
    Matrix x = s.inverseX(s.transformX(data.x()));
    assertTrue(y.maxAbsDiff(data.y()) <= 1e-9 * Math.max(1, data.y().maxAbs()));
    assertTrue(x.maxAbsDiff(data.x()) <= 1e-9 * Math.max(1, data.x().maxAbs()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gaussianPredictionsConvertToOriginalUnits(long seed) {
    // A Gaussian prediction N(mu', v') in standardised units is N(mu' s + m, v' s^2) in original
    // units; its log density there, computed directly, must equal the converted log density.
    RandomCases rc = new RandomCases(seed);
    NamedDataset data = randomData(rc);
    Standardizer s = Standardizer.fit(data);
    int n = data.size();
    int p = data.outputs();
    Matrix muStd = rc.matrix(n, p);
    Matrix varStd = rc.positive(n, p, 0.1, 2.0);
    Matrix yStd = s.transformY(data.y());
    Matrix logpStd = new Matrix(n, p);
    for (int k = 0; k < n * p; k++) {
      logpStd.data()[k] = logNormal(yStd.data()[k], muStd.data()[k], varStd.data()[k]);
    }
    Matrix mu = s.inverseY(muStd);
    Matrix var = s.inverseYVariance(varStd);
    Matrix logp = s.inverseLogDensity(logpStd);
    double joint = 0;
    double jointStd = 0;
    for (int k = 0; k < n * p; k++) {
      double direct = logNormal(data.y().data()[k], mu.data()[k], var.data()[k]);
      assertEquals(direct, logp.data()[k], 1e-8 * Math.max(1, Math.abs(direct)));
      joint += direct;
      jointStd += logpStd.data()[k];
    }
    assertEquals(joint, jointStd + n * s.logJacobian(), 1e-7 * Math.max(1, Math.abs(joint)));
  }

  private static double logNormal(double y, double mu, double var) {
    return -0.5 * Math.log(2 * Math.PI * var) - 0.5 * (y - mu) * (y - mu) / var;
  }

  @Test
  void navalStandardisesToFiniteValuesDespiteItsConstantColumns() throws IOException {
    NamedDataset naval = UciDataset.NAVAL.load(DataRoot.locate());
    TrainTestSplit split = Splits.trainTest(naval, 0.9, 1);
    Standardizer s = Standardizer.fit(split.train());
    NamedDataset test = s.apply(split.test());
    assertEquals(-1, test.x().firstNonFinite());
    CsvTable t = UciDataset.NAVAL.table(DataRoot.locate());
    for (String c : new String[] {"T1", "P1"}) {
      int j = t.columnIndex(c);
      assertEquals(1.0, s.xScale()[j]);
      for (int i = 0; i < test.size(); i++) {
        assertEquals(0.0, test.x().get(i, j));
      }
    }
  }

  @Test
  void shapesAreChecked() {
    NamedDataset d = new NamedDataset("d", Matrix.of(new double[][] {{1, 2}, {3, 5}}), Matrix.column(1, 2));
    Standardizer s = Standardizer.fit(d);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transformX(Matrix.zeros(1, 3)));
    assertTrue(e.getMessage().contains("2 columns") && e.getMessage().contains("1x3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.inverseLogDensity(Matrix.zeros(2, 2)));
  }
}
