package bms.dgp.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.testing.RandomCases;
import bms.dgp.random.RandomStream;
import bms.dgp.testing.Dense;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InitTest {
  static java.util.stream.Stream<Long> seeds() {
    return RandomCases.seeds(50);
  }

  /** k well-separated blobs: k-means puts one centre in each, the same for the same seed. */
  @ParameterizedTest
  @MethodSource("seeds")
  void kmeansFindsSeparatedBlobsReproducibly(long seed) {
    RandomCases rc = new RandomCases(seed);
    int k = rc.dim(2, 5), d = rc.dim(1, 3), per = 30;
    Matrix centres = new Matrix(k, d);
    for (int c = 0; c < k; c++) centres.set(c, 0, 20.0 * c);
    Matrix x = new Matrix(k * per, d);
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < d; j++) x.set(i, j, centres.get(i / per, j) + 0.5 * rc.rng().nextGaussian());
    }
    int maxPoints = rc.rng().nextBoolean() ? Integer.MAX_VALUE : k * per / 2;
    Matrix z = KMeansInit.centres(x, k, maxPoints, new RandomStream(seed));
    assertEquals(0.0, z.maxAbsDiff(KMeansInit.centres(x, k, maxPoints, new RandomStream(seed))));
    boolean[] found = new boolean[k];
    for (int i = 0; i < k; i++) {
      int c = (int) Math.round(z.get(i, 0) / 20.0);
      assertTrue(c >= 0 && c < k && Math.abs(z.get(i, 0) - 20.0 * c) < 1.0, "centre " + i + " far from every blob");
      found[c] = true;
    }
    for (int c = 0; c < k; c++) assertTrue(found[c], "no centre in blob " + c);
    assertEquals(0.0, KMeansInit.centres(x, x.rows(), new RandomStream(seed)).maxAbsDiff(x), "M = N returns X");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pcaProjectionIsOrthonormalAndKeepsTheMostSpread(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(2, 6), k = rc.dim(1, d - 1), n = rc.dim(d + 1, 30);
    Matrix x = Dense.mul(rc.matrix(n, d), rc.matrix(d, d));
    Matrix w = Pca.projection(x, k);
    Matrix wtw = Dense.mul(Dense.t(w), w);
    assertTrue(wtw.maxAbsDiff(Matrix.identity(k)) < 1e-10, "columns must be orthonormal");
    // The first direction maximises ||X v||^2 over unit v: no random direction beats it.
    double best = Dense.sum(square(Dense.mul(x, Dense.col(w, 0))));
    for (int t = 0; t < 20; t++) {
      Matrix v = rc.matrix(d, 1);
      double norm = Math.sqrt(Dense.sum(square(v)));
      double spread = Dense.sum(square(Dense.mul(x, v))) / (norm * norm);
      assertTrue(spread <= best * (1 + 1e-10), "a random direction spreads more than the first PCA direction");
    }
    Matrix up = Pca.projection(x, d + 2);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d + 2; j++) assertEquals(i == j ? 1.0 : 0.0, up.get(i, j));
    }
  }

  /** Large data go through the eigenvectors of X^T X: the same directions as the SVD of X, signs fixed. */
  @ParameterizedTest
  @MethodSource("seeds")
  void pcaOfTallDataMatchesTheSingularVectors(long seed) {
    RandomCases rc = new RandomCases(seed);
    int d = rc.dim(2, 8), k = rc.dim(1, d - 1), n = rc.dim(d + 1, 60);
    // Singular values 1, 2, 4, ...: well separated, so each direction is determined up to sign.
    Matrix scales = new Matrix(d, d);
    for (int i = 0; i < d; i++) scales.set(i, i, Math.pow(2, i));
    // A random rotation, so the directions are not the coordinate axes.
    Matrix q = Matrix.wrap(d, d, flatten(new QRDecomposition(new Array2DRowRealMatrix(rc.matrix(d, d).toArray()))
        .getQ().getData()));
    Matrix x = Dense.mul(Dense.mul(rc.matrix(n, d), scales), q);
    Matrix w = Pca.projection(x, k, true);
    RealMatrix v = new SingularValueDecomposition(new Array2DRowRealMatrix(x.toArray())).getV();
    for (int c = 0; c < k; c++) {
      double dot = 0;
      int big = 0;
      for (int i = 0; i < d; i++) {
        dot += w.get(i, c) * v.getEntry(i, c);
        if (Math.abs(w.get(i, c)) > Math.abs(w.get(big, c))) big = i;
      }
      assertEquals(1.0, Math.abs(dot), 1e-6, "direction " + c + " differs from the SVD's");
      assertTrue(w.get(big, c) > 0, "the largest entry of direction " + c + " is positive");
    }
  }

  private static double[] flatten(double[][] a) {
    double[] out = new double[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
    return out;
  }

  private static Matrix square(Matrix m) {
    Matrix s = m.copy();
    for (int i = 0; i < s.size(); i++) s.data()[i] *= s.data()[i];
    return s;
  }
}
