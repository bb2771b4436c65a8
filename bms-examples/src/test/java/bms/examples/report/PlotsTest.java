package bms.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bms.core.testing.RandomCases;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Line plots and image grids: the PNG files exist, decode and have the asked size. */
class PlotsTest {
  @TempDir
  Path dir;

  static Stream<Long> fewSeeds() {
    return RandomCases.seeds(12); // each chart takes a moment to draw
  }

  static Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void linePlotWritesADecodablePngOfTheAskedSize(long seed) throws IOException {
    Random rng = new Random(seed);
    LinePlot plot = new LinePlot("bound", "step", "ELBO / N");
    for (int s = 1 + rng.nextInt(3); s > 0; s--) {
      double[] y = new double[1 + rng.nextInt(300)];
      for (int i = 0; i < y.length; i++) {
        y[i] = rng.nextInt(20) == 0 ? Double.NaN : -1 / (1.0 + i) + 0.1 * rng.nextGaussian();
      }
      plot.add("model " + s, y);
    }
    int w = 200 + rng.nextInt(600);
    int h = 150 + rng.nextInt(400);
    Path file = dir.resolve("p" + seed + ".png");
    plot.write(file, w, h);
    BufferedImage img = ImageIO.read(file.toFile());
    assertNotNull(img, "decodes as PNG");
    assertEquals(w, img.getWidth());
    assertEquals(h, img.getHeight());
  }

  @Test
  void linePlotRefusesBadSeries() {
    LinePlot p = new LinePlot("t", "x", "y");
    assertThrows(IllegalArgumentException.class, () -> p.add("a", new double[] {1, 2}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> p.add("a", new double[0]));
    assertThrows(IllegalArgumentException.class, () -> p.add("a", new double[] {Double.NaN}, new double[] {1}));
    p.add("a", new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> p.add("a", new double[] {2}));
    assertThrows(IllegalStateException.class, () -> new LinePlot("e", "x", "y").png(100, 100));
    assertThrows(IllegalArgumentException.class, () -> p.png(0, 100));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void imageGridHasTheLayoutSizeAndThePixelGreys(long seed) throws IOException {
    Random rng = new Random(seed);
    int rows = 1 + rng.nextInt(28);
    int cols = 1 + rng.nextInt(28);
    int count = 1 + rng.nextInt(12);
    int columns = 1 + rng.nextInt(5);
    int scale = 1 + rng.nextInt(3);
    int gap = rng.nextInt(4);
    List<double[]> images = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[] im = new double[rows * cols];
      for (int i = 0; i < im.length; i++) {
        im[i] = rng.nextInt(4) / 3.0; // 0, 1/3, 2/3, 1: exact greys 255, 170, 85, 0
      }
      images.add(im);
    }
    Path file = dir.resolve("g.png");
    ImageGrid.write(file, images, rows, cols, columns, scale, gap);
    BufferedImage img = ImageIO.read(file.toFile());
    int gridRows = (count + columns - 1) / columns;
    assertEquals(columns * cols * scale + (columns + 1) * gap, img.getWidth());
    assertEquals(gridRows * rows * scale + (gridRows + 1) * gap, img.getHeight());
    for (int t = 0; t < 20; t++) {
      int k = rng.nextInt(count);
      int r = rng.nextInt(rows);
      int c = rng.nextInt(cols);
      int x = gap + (k % columns) * (cols * scale + gap) + c * scale + rng.nextInt(scale);
      int y = gap + (k / columns) * (rows * scale + gap) + r * scale + rng.nextInt(scale);
      int expected = 255 - (int) Math.round(255 * images.get(k)[r * cols + c]);
      assertEquals(expected, img.getRaster().getSample(x, y, 0), "image " + k + " pixel " + r + "," + c);
    }
  }

  @Test
  void imageGridRefusesMismatchedImages() {
    List<double[]> ok = List.of(new double[4]);
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.png(List.of(new double[5]), 2, 2, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.png(List.of(), 2, 2, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.png(ok, 2, 2, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.png(List.of(new double[] {0, Double.NaN, 0, 0}), 2, 2, 1, 1, 0));
  }
}
