package bms.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModuleTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  static final class Kern extends Module {
    final Parameter variance;
    final Parameter lengthscales;

    Kern(int dims) {
      variance = addParameter("variance", Parameter.positive(1.0));
      lengthscales = addParameter("lengthscales", Parameter.positive(Matrix.ones(1, dims)));
    }
  }

  static final class Layer extends Module {
    final Kern kernel;
    final Parameter qSqrt;

    Layer(int m) {
      kernel = addModule("kernel", new Kern(2));
      qSqrt = addParameter("q_sqrt", Parameter.lowerTriangular(Matrix.identity(m)));
    }
  }

  static final class Deep extends Module {
    final List<Layer> layers;
    final Parameter noise;

    Deep(int depth) {
      List<Layer> ls = new ArrayList<>();
      for (int i = 0; i < depth; i++) ls.add(new Layer(3));
      layers = addModules("layers", ls);
      noise = addParameter("noise", Parameter.positive(0.1));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pathsNameEveryParameterOnceInOrder(long seed) {
    int depth = new RandomCases(seed).dim(1, 6);
    Deep d = new Deep(depth);
    Map<String, Parameter> ps = d.parameters();
    assertEquals(3 * depth + 1, ps.size());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      expected.add("layers[" + i + "].kernel.variance");
      expected.add("layers[" + i + "].kernel.lengthscales");
      expected.add("layers[" + i + "].q_sqrt");
    }
    expected.add("noise");
    assertEquals(expected, new ArrayList<>(ps.keySet()));
    assertSame(d.layers.get(depth - 1).kernel.lengthscales, ps.get("layers[" + (depth - 1) + "].kernel.lengthscales"));
    assertEquals(depth, d.children().size());
    assertTrue(d.children().containsKey("layers[0]"));
  }

  static final class Shared extends Module {
    Shared(Kern k, Parameter extra) {
      addModule("a", k);
      addModule("b", k);
      addParameter("first", extra);
      addParameter("again", extra);
    }
  }

  @Test
  void sharedParametersAndModulesAppearOnceUnderTheirFirstPath() {
    Kern k = new Kern(1);
    Parameter extra = Parameter.positive(2.0);
    Map<String, Parameter> ps = new Shared(k, extra).parameters();
    assertEquals(List.of("a.variance", "a.lengthscales", "first"), new ArrayList<>(ps.keySet()));
    assertSame(extra, ps.get("first"));
  }

  static final class Duplicate extends Module {
    Duplicate(boolean moduleClash) {
      addParameter("x", Parameter.positive(1.0));
      if (moduleClash) {
        addModule("x", new Kern(1));
      } else {
        addParameter("x", Parameter.positive(2.0));
      }
    }
  }

  static final class BadName extends Module {
    BadName(String name) {
      addParameter(name, Parameter.positive(1.0));
    }
  }

  @Test
  void duplicateAndInvalidNamesAreRejected() {
    for (boolean clash : new boolean[] {true, false}) {
      String msg = assertThrows(IllegalArgumentException.class, () -> new Duplicate(clash)).getMessage();
      assertTrue(msg.contains("'x'"), msg);
    }
    for (String bad : new String[] {"", "a.b", "1x", "x[0]", "has space"}) {
      String msg = assertThrows(IllegalArgumentException.class, () -> new BadName(bad)).getMessage();
      assertTrue(msg.contains("'" + bad + "'"), msg);
    }
  }

  @Test
  void trainableParametersLeaveFixedOnesOut() {
    Deep d = new Deep(2);
    d.layers.get(1).kernel.variance.setTrainable(false);
    d.noise.setTrainable(false);
    Map<String, Parameter> t = d.trainableParameters();
    assertEquals(5, t.size());
    assertTrue(!t.containsKey("layers[1].kernel.variance") && !t.containsKey("noise"));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logPriorSumsTrainableParametersWithPriors(long seed) {
    RandomCases rc = new RandomCases(seed);
    Deep d = new Deep(2);
    d.noise.assign(0.01 + rc.rng().nextDouble());
    d.noise.setPrior(new GammaPrior(2, 3));
    d.layers.get(0).kernel.lengthscales.assign(rc.positive(1, 2, 0.1, 4));
    d.layers.get(0).kernel.lengthscales.setPrior(new LogNormalPrior(0, 1));
    d.layers.get(1).kernel.variance.setPrior(new NormalPrior(1, 1)).setTrainable(false);
    double expected = d.noise.logPrior().scalar() + d.layers.get(0).kernel.lengthscales.logPrior().scalar();
    assertEquals(expected, d.logPrior().scalar(), 1e-12 * Math.max(1, Math.abs(expected)));
    assertEquals(0.0, new Deep(1).logPrior().scalar());
  }
}
