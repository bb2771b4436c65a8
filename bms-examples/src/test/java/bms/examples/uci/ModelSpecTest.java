package bms.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecTest {
  @ParameterizedTest
  @CsvSource({"svgp,SVGP,1,RBF,svgp", "SVGP-RBF,SVGP,1,RBF,svgp", "svgp-matern52,SVGP,1,MATERN52,svgp-matern52",
      "svgp-arccos,SVGP,1,ARCCOS,svgp-arccos", "sgpr,SGPR,1,RBF,sgpr", "gpr-matern52,GPR,1,MATERN52,gpr-matern52",
      "dgp2,DGP,2,RBF,dgp2", " dgp3 ,DGP,3,RBF,dgp3", "dgp6,DGP,6,RBF,dgp6"})
  void parsesNamesAndRoundTrips(String name, String family, int layers, String kernel, String id) {
    ModelSpec s = ModelSpec.parse(name);
    assertEquals(ModelSpec.Family.valueOf(family), s.family());
    assertEquals(layers, s.layers());
    assertEquals(KernelChoice.valueOf(kernel), s.kernel());
    assertEquals(id, s.id());
    assertEquals(s, ModelSpec.parse(s.id()));
    assertEquals(s.family() == ModelSpec.Family.SVGP || s.family() == ModelSpec.Family.DGP, s.stochastic());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "svgpx", "dgp", "dgp1", "dgp7", "dgp2-matern52", "svgp-laplace", "mlp"})
  void refusesUnknownNamesSayingWhatIsKnown(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(name));
    assertFalse(e.getMessage().isBlank());
    assertTrue(e.getMessage().contains("svgp") || e.getMessage().contains("layers")
        || e.getMessage().contains("RBF") || e.getMessage().contains("kernel"), e.getMessage());
  }

  @Test
  void layersMustMatchTheFamily() {
    assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelSpec.Family.SVGP, 2, KernelChoice.RBF));
    assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelSpec.Family.DGP, 1, KernelChoice.RBF));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8})
  void kernelsHaveOneLengthscaleOrWeightPerInput(int d) {
    for (KernelChoice k : KernelChoice.values()) {
      long params = k.create(d).parameters().values().stream().mapToLong(p -> p.size()).sum();
      assertEquals(d + (k == KernelChoice.ARCCOS ? 2 : 1), params, k.id());
    }
    assertThrows(IllegalArgumentException.class, () -> KernelChoice.RBF.create(0));
  }
}
