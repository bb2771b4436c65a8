package bms.dgp.init;

import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Inducing points initialised at k-means centres of the inputs (the usual choice for SVGP and
 * the setting of Salimbeni and Deisenroth 2017), with Commons Math's k-means++. Large inputs
 * are clustered on a random subsample. Seeded through the given stream, so the same seed gives
 * the same Z.
 */
public final class KMeansInit {
  public static final int DEFAULT_MAX_ITERATIONS = 100;

  private KMeansInit() {}

  /**
   * M centres of the rows of {@code x}, as an M x D matrix; clusters at most {@code maxPoints}
   * randomly chosen rows (all of them when N <= maxPoints). With M = N the rows themselves are
   * returned.
   */
  public static Matrix centres(Matrix x, int m, int maxPoints, RandomStream rng) {
    DataChecks.requireData(x, "X");
    int n = x.rows();
    if (m <= 0) {
      throw new IllegalArgumentException("number of inducing points must be positive, got " + m);
    }
    if (m > n) {
      throw new IllegalArgumentException("cannot place " + m + " inducing points by k-means on only " + n
          + " inputs; use at most " + n);
    }
    if (maxPoints < m) {
      throw new IllegalArgumentException("the k-means subsample (" + maxPoints + " points) must hold at least M = " + m);
    }
    if (m == n) {
      return x.copy();
    }
    Matrix pts = n > maxPoints ? Dataset.rows(x, rng.sampleWithoutReplacement(n, maxPoints)) : x;
    List<DoublePoint> points = new ArrayList<>(pts.rows());
    for (int i = 0; i < pts.rows(); i++) points.add(new DoublePoint(pts.rowArray(i)));
    KMeansPlusPlusClusterer<DoublePoint> clusterer = new KMeansPlusPlusClusterer<>(m, DEFAULT_MAX_ITERATIONS,
        new EuclideanDistance(), new MersenneTwister(rng.nextLong()));
    List<CentroidCluster<DoublePoint>> clusters = clusterer.cluster(points);
    Matrix z = new Matrix(m, x.cols());
    for (int k = 0; k < clusters.size(); k++) {
      double[] c = clusters.get(k).getCenter().getPoint();
      System.arraycopy(c, 0, z.data(), k * x.cols(), x.cols());
    }
    return z;
  }

  public static Matrix centres(Matrix x, int m, RandomStream rng) {
    return centres(x, m, Integer.MAX_VALUE, rng);
  }
}
