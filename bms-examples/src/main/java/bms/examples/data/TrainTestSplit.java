package bms.examples.data;

/**
 * A partition of a data set into training and test points, with the row indices (into the
 * original data set) that each part came from, so results can be traced back to rows.
 */
public record TrainTestSplit(NamedDataset train, NamedDataset test, int[] trainIndices, int[] testIndices) {
  public TrainTestSplit {
    if (train.size() != trainIndices.length || test.size() != testIndices.length) {
      throw new IllegalArgumentException("index arrays (" + trainIndices.length + ", "
          + testIndices.length + ") do not match the part sizes (" + train.size() + ", "
          + test.size() + ")");
    }
  }
}
