package bms.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static final class Model extends Module {
    final Parameter variance;
    final Parameter lengthscales;
    final Parameter qSqrt;
    final Parameter weight;

    Model(int m) {
      Module kernel = new Module() {};
      variance = Parameter.positive(0.5).setPrior(new GammaPrior(2, 0.5));
      lengthscales = Parameter.positive(Matrix.row(1.0, 2.5, 0.125));
      qSqrt = Parameter.lowerTriangular(Matrix.identity(m));
      weight = Parameter.interval(Matrix.of(new double[][] {{0.25, 0.5}, {0.75, 0.5}}), 0, 1).setTrainable(false);
      addParameter("variance", variance);
      addParameter("lengthscales", lengthscales);
      addParameter("q_sqrt", qSqrt);
      addParameter("weight", weight);
    }
  }

  @Test
  void rowsDescribeEachParameter() {
    List<Summary.Row> rows = Summary.of(new Model(50)).rows();
    assertEquals(4, rows.size());
    assertEquals(new Summary.Row("variance", "1x1", "softplus(>1e-06)", "Gamma(2, 0.5)", true, "0.5"), rows.get(0));
    assertEquals(new Summary.Row("lengthscales", "1x3", "softplus(>1e-06)", "", true, "[1, 2.5, 0.125]"),
        rows.get(1));
    Summary.Row q = rows.get(2);
    assertEquals("50x50", q.shape());
    assertEquals("lower-triangular", q.constraint());
    assertEquals("[1, 0, 0, ...] range [0, 1]", q.value());
    assertEquals(new Summary.Row("weight", "2x2", "sigmoid(0, 1)", "", false, "[[0.25, 0.5], [0.75, 0.5]]"),
        rows.get(3));
  }

  @Test
  void tableHasAlignedColumnsAndEveryPath() {
    Model m = new Model(4);
    String text = m.summary();
    assertEquals(Summary.of(m).toString(), text);
    String[] lines = text.split("\n");
    assertEquals(2 + 4, lines.length);
    for (String col : Summary.HEADER) assertTrue(lines[0].contains(col), "header lacks " + col);
    assertTrue(lines[1].matches("[- |]+"), lines[1]);
    int bar = lines[0].indexOf(" | ");
    for (String line : lines) assertEquals(bar, line.indexOf(" | "), "misaligned: " + line);
    for (String path : m.parameters().keySet()) {
      assertTrue(text.lines().anyMatch(l -> l.startsWith(path + " ")), "no line for " + path);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bigValuesStayShortAndShowTheirRange(long seed) {
    RandomCases rc = new RandomCases(seed);
    Matrix v = rc.matrix(rc.dim(3, 300), rc.dim(3, 300));
    String s = Summary.formatValue(v);
    assertTrue(s.length() < 100, "too long: " + s);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v.data()) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    assertTrue(s.endsWith("range [" + Numbers.format(min) + ", " + Numbers.format(max) + "]"), s);
    assertTrue(s.startsWith("[" + Numbers.format(v.data()[0]) + ", "), s);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void smallValuesAreShownInFull(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(2, Summary.FULL_VALUE_LIMIT);
    Matrix v = rc.matrix(1, n);
    String s = Summary.formatValue(v);
    String[] parts = s.substring(1, s.length() - 1).split(", ");
    assertEquals(n, parts.length, s);
    for (int i = 0; i < n; i++) {
      assertEquals(v.data()[i], Double.parseDouble(parts[i]), 1e-5 * Math.abs(v.data()[i]), s);
    }
  }
}
