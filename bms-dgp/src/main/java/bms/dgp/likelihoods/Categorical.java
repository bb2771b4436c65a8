package bms.dgp.likelihoods;

import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;

/**
 * Base of the multi-class likelihoods: one latent GP per class, targets an N x 1 column of
 * integer labels in [0, C).
 */
public abstract class Categorical extends Likelihood {
  private final int numClasses;

  protected Categorical(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("a multi-class likelihood needs at least 2 classes, got " + numClasses);
    }
    this.numClasses = numClasses;
  }

  public final int numClasses() {
    return numClasses;
  }

  @Override
  public final int latentCount(int targetColumns) {
    if (targetColumns != 1) {
      throw new IllegalArgumentException(getClass().getSimpleName()
          + " needs targets with one column of class labels, got " + targetColumns + " columns");
    }
    return numClasses;
  }

  @Override
  public final void checkTargets(Matrix y, String name) {
    DataChecks.requireData(y, name);
    DataChecks.requireLabels(y, name, numClasses);
  }

  /** The labels as ints (validated). */
  protected final int[] labels(Matrix y) {
    checkTargets(y, "Y");
    int[] out = new int[y.rows()];
    for (int i = 0; i < out.length; i++) out[i] = (int) y.data()[i];
    return out;
  }

  /** An N x C one-hot matrix of the labels. */
  protected final Matrix oneHot(int[] labels) {
    Matrix m = new Matrix(labels.length, numClasses);
    for (int i = 0; i < labels.length; i++) m.data()[i * numClasses + labels[i]] = 1.0;
    return m;
  }
}
