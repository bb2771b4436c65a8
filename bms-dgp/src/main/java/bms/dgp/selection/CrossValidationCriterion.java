package bms.dgp.selection;

import java.io.IOException;
import java.util.List;

/**
 * K-fold cross-validation: the candidate is trained K more times, each on K-1 folds of the
 * training part, and scored on the fold left out; the score is the mean log predictive density
 * over all training points (fold scores weighted by fold size). A failed fold makes it NaN.
 */
public final class CrossValidationCriterion implements Criterion {
  public static final String ID = "cv";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "K-fold cross-validation log predictive density";
  }

  @Override
  public boolean usesMainFit() {
    return false;
  }

  @Override
  public int extraFits(SelectionData<?> data) {
    return data.folds().size();
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits)
      throws IOException {
    List<Fold<D>> folds = data.folds();
    if (folds.size() < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds.size());
    }
    double[] foldLl = new double[folds.size()];
    double sum = 0;
    int points = 0;
    long t0 = System.nanoTime();
    for (int f = 0; f < folds.size(); f++) {
      Fold<D> fold = folds.get(f);
      Fit r = fits.runFold(candidate, fold.train(), fold.heldOut(), f + 1, folds.size());
      foldLl[f] = r == null ? Double.NaN : r.testLogLik();
      sum += foldLl[f] * fold.heldOutSize();
      points += fold.heldOutSize();
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    return new Score(sum / points, folds.size(), seconds, foldLl, Double.isNaN(sum) ? "a fold failed" : null, true);
  }
}
