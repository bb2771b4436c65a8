package bms.core.linalg.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.testing.RandomCases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staging chunks of the real device's transfers: they tile the array in order, fit a slot,
 * and for a triangle their rectangles hold every entry of the triangle while moving about half
 * the matrix.
 */
class TransferChunksTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(80);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void chunksTileTheArrayAndRectanglesCoverTheRegion(long seed) {
    RandomCases rc = new RandomCases(seed);
    Region region = Region.values()[rc.rng().nextInt(3)];
    int rows = rc.dim(1, 60);
    int cols = region == Region.FULL ? rc.dim(1, 60) : rows;
    int chunk = rc.dim(1, 400);
    List<CudaDevice.Chunk> chunks = CudaDevice.chunks(rows, cols, region, chunk);
    long next = 0;
    long moved = 0;
    boolean[] covered = new boolean[rows * cols];
    for (CudaDevice.Chunk c : chunks) {
      assertEquals(next, c.start(), "chunks must follow each other");
      assertTrue(c.len() > 0 && c.len() <= chunk, "chunk of " + c.len() + " values for a slot of " + chunk);
      next += c.len();
      if (c.rectangular()) {
        assertEquals((long) c.row0() * cols, c.start());
        assertEquals(c.rows() * cols, c.len());
        moved += (long) c.rows() * (c.colHi() - c.colLo());
        for (int i = c.row0(); i < c.row0() + c.rows(); i++) {
          for (int j = c.colLo(); j < c.colHi(); j++) covered[i * cols + j] = true;
        }
      } else {
        moved += c.len();
        for (long k = c.start(); k < c.start() + c.len(); k++) covered[(int) k] = true;
      }
    }
    assertEquals((long) rows * cols, next, "chunks must cover the array");
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        boolean inRegion = region == Region.FULL || (region == Region.LOWER ? j <= i : j >= i);
        if (inRegion) assertTrue(covered[i * cols + j], "entry (" + i + ", " + j + ") of " + region + " not moved");
      }
    }
    if (region != Region.FULL && cols <= chunk) {
      int perChunk = chunk / cols;
      // Half the matrix plus the diagonal blocks.
      long bound = (long) rows * (rows + 1) / 2 + (long) rows * perChunk;
      assertTrue(moved <= bound, "moved " + moved + " values, more than " + bound);
    }
  }
}
