package bms.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.kernels.image.ImageShape;
import bms.kernels.convolutional.PatchShape;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Layer outputs against direct loops over pixels, written from the definitions. */
class LayerValuesTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(20);
  }

  private static double pixel(Matrix x, int n, ImageShape s, int y, int xx, int c) {
    return x.get(n, (y * s.width() + xx) * s.channels() + c);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void convolutionIsTheSumOverTheFilterWindow(long seed) {
    RandomCases r = new RandomCases(seed);
    ImageShape in = ImageShape.interleaved(r.dim(3, 7), r.dim(3, 7), r.dim(1, 3));
    int kh = r.dim(1, 3), kw = r.dim(1, 3), sy = r.dim(1, 2), sx = r.dim(1, 2), co = r.dim(1, 4);
    Conv2d conv = new Conv2d(in, new PatchShape(kh, kw, sy, sx), co, Init.HE_NORMAL, new SplittableRandom(seed));
    conv.bias().assign(r.matrix(1, co));
    Matrix x = r.matrix(r.dim(1, 3), in.size());
    Matrix y = conv.forward(Var.constant(x)).value();
    Matrix f = conv.filters().value();
    ImageShape out = conv.outputShape();
    assertEquals((in.height() - kh) / sy + 1, out.height());
    assertEquals((in.width() - kw) / sx + 1, out.width());
    for (int n = 0; n < x.rows(); n++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          for (int o = 0; o < co; o++) {
            double s = conv.bias().value().get(0, o);
            for (int i = 0; i < kh; i++) {
              for (int j = 0; j < kw; j++) {
                for (int c = 0; c < in.channels(); c++) {
                  s += pixel(x, n, in, oy * sy + i, ox * sx + j, c) * f.get((i * kw + j) * in.channels() + c, o);
                }
              }
            }
            assertEquals(s, pixel(y, n, out, oy, ox, o), 1e-12);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void poolingTakesTheMeanAndTheMaximumOfEachWindowPerChannel(long seed) {
    RandomCases r = new RandomCases(seed);
    ImageShape in = ImageShape.interleaved(r.dim(2, 7), r.dim(2, 7), r.dim(1, 3));
    int size = r.dim(1, 2), stride = r.dim(1, 2);
    Matrix x = r.matrix(r.dim(1, 3), in.size());
    AveragePooling avg = new AveragePooling(in, size, stride);
    MaxPooling max = new MaxPooling(in, size, stride);
    Matrix a = avg.forward(Var.constant(x)).value();
    Matrix m = max.forward(Var.constant(x)).value();
    ImageShape out = avg.outputShape();
    assertEquals(out, max.outputShape());
    for (int n = 0; n < x.rows(); n++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          for (int c = 0; c < in.channels(); c++) {
            double sum = 0, best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < size; i++) {
              for (int j = 0; j < size; j++) {
                double v = pixel(x, n, in, oy * stride + i, ox * stride + j, c);
                sum += v;
                best = Math.max(best, v);
              }
            }
            assertEquals(sum / (size * size), pixel(a, n, out, oy, ox, c), 1e-12);
            assertEquals(best, pixel(m, n, out, oy, ox, c), 0.0);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void activationsAreTheirFunctions(long seed) {
    Matrix x = new RandomCases(seed).matrix(3, 4);
    Matrix relu = Activation.relu().forward(Var.constant(x)).value();
    Matrix tanh = Activation.tanh().forward(Var.constant(x)).value();
    Matrix sp = Activation.softplus().forward(Var.constant(x)).value();
    for (int i = 0; i < x.size(); i++) {
      double v = x.data()[i];
      assertEquals(Math.max(v, 0), relu.data()[i], 0.0);
      assertEquals(Math.tanh(v), tanh.data()[i], 1e-15);
      assertEquals(Math.log1p(Math.exp(v)), sp.data()[i], 1e-12);
    }
  }
}
