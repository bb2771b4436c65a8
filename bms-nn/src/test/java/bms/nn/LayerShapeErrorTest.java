package bms.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad shapes are refused with messages that name the layer and the sizes. */
class LayerShapeErrorTest {
  private static final SplittableRandom RNG = new SplittableRandom(3);

  private static void assertMessage(Executable e, String... parts) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(ex.getMessage().contains(p), "message '" + ex.getMessage() + "' should mention '" + p + "'");
    }
  }

  @Test
  void denseRefusesInputsOfTheWrongWidth() {
    Dense d = new Dense(4, 2, Init.HE_NORMAL, RNG);
    assertMessage(() -> d.forward(Var.constant(new Matrix(3, 5))), "Dense(4 -> 2)", "4 columns", "3x5");
    assertMessage(() -> new Dense(0, 2, Init.HE_NORMAL, RNG), "in and out >= 1");
  }

  @Test
  void convolutionRefusesFiltersLargerThanTheImageAndWrongImages() {
    ImageShape in = ImageShape.interleaved(4, 4, 2);
    assertMessage(() -> new Conv2d(in, PatchShape.of(5, 2), 3, Init.HE_NORMAL, RNG), "does not fit");
    Conv2d c = new Conv2d(in, PatchShape.of(3, 3), 3, Init.HE_NORMAL, RNG);
    assertMessage(() -> c.forward(Var.constant(new Matrix(2, 16))), "Conv2d(4x4x2 -> 2x2x3", "32 columns");
  }

  @Test
  void poolingRefusesWindowsThatDoNotFit() {
    ImageShape in = ImageShape.interleaved(3, 3, 1);
    assertMessage(() -> new MaxPooling(in, 4), "MaxPooling", "4x4 window", "3x3x1");
    assertMessage(() -> new AveragePooling(in, 0, 1), "AveragePooling", ">= 1");
    assertMessage(() -> new AveragePooling(in, 2).forward(Var.constant(new Matrix(1, 8))), "9 columns");
  }

  @Test
  void sequentialNamesTheLayerWhoseSizesDoNotChain() {
    assertMessage(() -> new Sequential(6, new Dense(6, 4, Init.HE_NORMAL, RNG), Activation.relu(),
        new Dense(5, 2, Init.HE_NORMAL, RNG)), "layer 2", "Dense(5 -> 2)", "expects 5 inputs, got 4");
    Sequential s = new Sequential(6, new Dense(6, 4, Init.HE_NORMAL, RNG));
    assertMessage(() -> s.forward(Var.constant(new Matrix(1, 7))), "6 columns", "1x7");
    assertMessage(() -> new Flatten(ImageShape.interleaved(2, 2, 1)).outputSize(5), "Flatten", "expects 4 inputs, got 5");
  }
}
