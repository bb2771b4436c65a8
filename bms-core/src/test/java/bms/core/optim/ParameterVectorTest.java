package bms.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterVectorTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** Parameters of random shapes: unconstrained, positive, interval, and one fixed. */
  static final class Mixed extends Module {
    final List<Parameter> all = new ArrayList<>();

    Mixed(RandomCases rc) {
      all.add(addParameter("a", Parameter.unconstrained(rc.matrix(rc.dim(1, 3), rc.dim(1, 3)))));
      all.add(addParameter("b", Parameter.positive(rc.positive(rc.dim(1, 3), rc.dim(1, 3), 0.2, 3))));
      all.add(addParameter("fixed", Parameter.positive(1.0).setTrainable(false)));
      all.add(addParameter("c", Parameter.interval(rc.uniform(1, rc.dim(1, 4), -0.9, 0.9), -1, 1)));
    }

    /** sum_k sum(W_k * tanh(x_k)) + (sum x_a)^2, a smooth loss touching every parameter. */
    Objective loss(List<Matrix> w) {
      return () -> {
        List<Var> terms = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) terms.add(all.get(k).var().tanh().mul(Var.constant(w.get(k))).sum());
        terms.add(all.get(0).var().sum().square());
        return Var.sumAll(terms);
      };
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void packsAndUnpacksUnconstrainedValues(long seed) {
    RandomCases rc = new RandomCases(seed);
    Mixed m = new Mixed(rc);
    ParameterVector pv = ParameterVector.trainable(m);
    assertEquals(List.of("a", "b", "c"), pv.paths());
    int size = m.all.get(0).size() + m.all.get(1).size() + m.all.get(3).size();
    assertEquals(size, pv.size());
    double[] x = rc.matrix(1, size).data();
    pv.setValues(x);
    assertArrayEquals(x, pv.values());
    int off = 0;
    for (int k : new int[] {0, 1, 3}) {
      Parameter p = m.all.get(k);
      for (int i = 0; i < p.size(); i++) assertEquals(x[off + i], p.unconstrained().data()[i]);
      off += p.size();
    }
    assertEquals(1.0, m.all.get(2).scalar(), 1e-12, "the fixed parameter is untouched");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gradientMatchesFiniteDifferencesOfTheFlatObjective(long seed) {
    RandomCases rc = new RandomCases(seed);
    Mixed m = new Mixed(rc);
    List<Matrix> w = new ArrayList<>();
    for (Parameter p : m.all) w.add(rc.matrix(p.rows(), p.cols()));
    Objective f = m.loss(w);
    ParameterVector pv = ParameterVector.trainable(m);
    double[] x0 = pv.values();
    double[] g = new double[pv.size()];
    double f0 = pv.valueAndGradient(f, g);
    assertEquals(f.loss().scalar(), f0, 0.0);
    double[] numeric = new double[pv.size()];
    for (int i = 0; i < x0.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(x0[i]));
      double[] xp = x0.clone();
      xp[i] += h;
      pv.setValues(xp);
      double fp = f.loss().scalar();
      double[] xm = x0.clone();
      xm[i] -= h;
      pv.setValues(xm);
      double fm = f.loss().scalar();
      numeric[i] = (fp - fm) / (2 * h);
    }
    double err = bms.core.testing.GradCheck.relativeError(Matrix.row(g), Matrix.row(numeric));
    assertTrue(err < 1e-7, "relative error " + err);
  }

  @Test
  void locateNamesThePathAndEntry() {
    Map<String, Parameter> ps = new LinkedHashMap<>();
    ps.put("kernel.variance", Parameter.positive(1.0));
    ps.put("layers[1].q_mu", Parameter.unconstrained(Matrix.zeros(3, 2)));
    ParameterVector pv = new ParameterVector(ps);
    assertEquals("kernel.variance", pv.locate(0));
    assertEquals("layers[1].q_mu (0, 0)", pv.locate(1));
    assertEquals("layers[1].q_mu (2, 1)", pv.locate(6));
    assertThrows(IllegalArgumentException.class, () -> pv.locate(7));
  }

  @Test
  void misuseIsRejectedClearly() {
    Parameter shared = Parameter.positive(1.0);
    Map<String, Parameter> twice = new LinkedHashMap<>();
    twice.put("a", shared);
    twice.put("b", shared);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ParameterVector(twice)).getMessage()
        .contains("'b'"));
    Map<String, Parameter> fixed = Map.of("f", Parameter.positive(1.0).setTrainable(false));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ParameterVector(fixed)).getMessage()
        .contains("'f' is not trainable"));
    ParameterVector pv = new ParameterVector(Map.of("x", Parameter.unconstrained(Matrix.zeros(2, 2))));
    String msg = assertThrows(IllegalArgumentException.class, () -> pv.setValues(new double[3])).getMessage();
    assertTrue(msg.contains("length 3") && msg.contains("4"), msg);
    String shape = assertThrows(IllegalArgumentException.class,
        () -> pv.valueAndGradient(() -> Var.constant(Matrix.zeros(1, 2)), new double[4])).getMessage();
    assertTrue(shape.contains("1x2"), shape);
  }
}
