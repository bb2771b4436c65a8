package bms.dgp.selection;

import java.io.IOException;

/**
 * Runs cross-validation fold {@code fold} of {@code folds} for a criterion: labelled, and a fit
 * that throws is reported to the listener and gives null.
 */
@FunctionalInterface
public interface FitRunner<D> {
  Fit runFold(Candidate<D> candidate, D train, D test, int fold, int folds) throws IOException;
}
