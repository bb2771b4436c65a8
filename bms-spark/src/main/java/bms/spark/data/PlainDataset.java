package bms.spark.data;

import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import java.io.Serializable;

/** A {@link Dataset} as plain arrays, to ship whole small data sets to executors (model selection). */
public record PlainDataset(int rows, int inputDim, int outputDim, double[] x, double[] y) implements Serializable {

  public static PlainDataset of(Dataset d) {
    return new PlainDataset(d.size(), d.inputDim(), d.y().cols(), d.x().data().clone(), d.y().data().clone());
  }

  /** A fresh Dataset (its own copies, so a fit that changes its data cannot change another's). */
  public Dataset toDataset() {
    return new Dataset(Matrix.wrap(rows, inputDim, x.clone()), Matrix.wrap(rows, outputDim, y.clone()));
  }
}
