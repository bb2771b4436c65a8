package bms.dgp.selection;

import java.util.List;

/**
 * The data a selection runs on: the training part every candidate is fitted to, the test part
 * that judges generalisation, and the folds of the training part for cross-validation (may be
 * empty when no criterion needs them).
 */
public record SelectionData<D>(D train, D test, int trainSize, List<Fold<D>> folds) {
  public SelectionData {
    if (trainSize < 1) throw new IllegalArgumentException("the training part is empty");
    folds = List.copyOf(folds);
  }
}
