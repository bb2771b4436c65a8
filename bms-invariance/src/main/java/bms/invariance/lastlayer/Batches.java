package bms.invariance.lastlayer;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.invariance.models.OrbitNoise;

/** Chunked feature evaluation and label checks shared by the classifiers. */
final class Batches {
  /** Inputs per chunk when features are computed for a whole data set (bounds memory: S copies each). */
  static final int CHUNK = 250;

  private Batches() {}

  /**
   * The orbit-averaged features of every row of x, in chunks, each chunk's orbit noise from its
   * own child of {@code rng}; values only.
   */
  static Matrix features(OrbitAveragedFeatures f, Matrix x, RandomStream rng) {
    Matrix out = new Matrix(x.rows(), f.featureSize());
    for (int from = 0; from < x.rows(); from += CHUNK) {
      int to = Math.min(x.rows(), from + CHUNK);
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) idx[i] = from + i;
      OrbitNoise.bind(f, rng.child(from));
      Matrix part = f.features(Var.constant(Dataset.rows(x, idx))).value();
      System.arraycopy(part.data(), 0, out.data(), from * out.cols(), part.size());
    }
    return out;
  }

  /** N x C one-hot rows of N x 1 labels in 0..C-1. */
  static Matrix oneHot(Matrix labels, int classes) {
    DataChecks.requireLabels(labels, "labels", classes);
    Matrix y = new Matrix(labels.rows(), classes);
    for (int i = 0; i < labels.rows(); i++) y.set(i, (int) labels.get(i, 0), 1.0);
    return y;
  }
}
