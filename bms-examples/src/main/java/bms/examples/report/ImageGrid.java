package bms.examples.report;

import bms.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of grey-scale images, e.g. one test digit under samples of a learned transformation,
 * written as PNG. Pixel values are in [0, 1] with 0 = background (drawn white) and 1 = ink
 * (drawn black); each pixel becomes a {@code scale x scale} block, and a {@code gap}-pixel white
 * margin separates the cells.
 */
public final class ImageGrid {
  static {
    Headless.ensure();
  }

  private ImageGrid() {}

  /**
   * Draws the images row by row, {@code columns} per row. Values outside [0, 1] are clipped; NaN
   * is refused.
   */
  public static BufferedImage render(List<double[]> images, int imageRows, int imageCols,
      int columns, int scale, int gap) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images must not be empty");
    }
    if (imageRows < 1 || imageCols < 1 || columns < 1 || scale < 1 || gap < 0) {
      throw new IllegalArgumentException("need imageRows, imageCols, columns, scale >= 1 and gap >= 0, got "
          + imageRows + ", " + imageCols + ", " + columns + ", " + scale + ", " + gap);
    }
    int gridRows = (images.size() + columns - 1) / columns;
    int cellW = imageCols * scale;
    int cellH = imageRows * scale;
    int width = columns * cellW + (columns + 1) * gap;
    int height = gridRows * cellH + (gridRows + 1) * gap;
    LinePlot.checkSize(width, height);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    var raster = img.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, 255);
      }
    }
    for (int k = 0; k < images.size(); k++) {
      double[] im = images.get(k);
      if (im.length != imageRows * imageCols) {
        throw new IllegalArgumentException("images[" + k + "] has " + im.length + " values, a "
            + imageRows + "x" + imageCols + " image has " + imageRows * imageCols);
      }
      int x0 = gap + (k % columns) * (cellW + gap);
      int y0 = gap + (k / columns) * (cellH + gap);
      for (int r = 0; r < imageRows; r++) {
        for (int c = 0; c < imageCols; c++) {
          double v = im[r * imageCols + c];
          if (Double.isNaN(v)) {
            throw new IllegalArgumentException("images[" + k + "] pixel (" + r + ", " + c + ") is NaN");
          }
          int grey = 255 - (int) Math.round(255 * Math.min(1, Math.max(0, v)));
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              raster.setSample(x0 + c * scale + dx, y0 + r * scale + dy, 0, grey);
            }
          }
        }
      }
    }
    return img;
  }

  public static byte[] png(List<double[]> images, int imageRows, int imageCols, int columns,
      int scale, int gap) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(render(images, imageRows, imageCols, columns, scale, gap), "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Writes the grid as a PNG file, atomically. */
  public static void write(Path file, List<double[]> images, int imageRows, int imageCols,
      int columns, int scale, int gap) throws IOException {
    AtomicFiles.writeBytes(file, png(images, imageRows, imageCols, columns, scale, gap));
  }
}
