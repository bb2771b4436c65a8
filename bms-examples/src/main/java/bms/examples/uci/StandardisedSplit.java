package bms.examples.uci;

import bms.core.matrix.Matrix;
import bms.examples.data.Standardizer;
import bms.examples.data.TrainTestSplit;

/**
 * A train/test split ready for the models: inputs and targets standardised with moments of the
 * training part only, the test targets also kept in original units for RMSE, and the
 * standardiser to map predictions back.
 *
 * <p>This is where bms-examples' named {@link bms.examples.data.NamedDataset} (loaders, splits)
 * becomes bms-dgp's {@link bms.dgp.data.Dataset} (what models train on).
 */
public record StandardisedSplit(String name, bms.dgp.data.Dataset train, Matrix testX, Matrix testY,
    Matrix testYOriginal, Standardizer standardizer) {

  public StandardisedSplit {
    if (testX.rows() != testY.rows() || testY.rows() != testYOriginal.rows()) {
      throw new IllegalArgumentException(name + ": test parts disagree in rows: x " + testX.shapeString() + ", y "
          + testY.shapeString() + ", original y " + testYOriginal.shapeString());
    }
    if (testX.cols() != train.inputDim()) {
      throw new IllegalArgumentException(name + ": test x has " + testX.cols() + " columns, train x has "
          + train.inputDim());
    }
  }

  /** Standardises {@code split} with the moments of its training part. */
  public static StandardisedSplit of(TrainTestSplit split) {
    Standardizer s = Standardizer.fit(split.train());
    bms.examples.data.NamedDataset train = s.apply(split.train());
    return new StandardisedSplit(split.train().name(), new bms.dgp.data.Dataset(train.x(), train.y()),
        s.transformX(split.test().x()), s.transformY(split.test().y()), split.test().y(), s);
  }

  public int trainSize() {
    return train.size();
  }

  public int testSize() {
    return testX.rows();
  }

  public int inputDim() {
    return train.inputDim();
  }
}
