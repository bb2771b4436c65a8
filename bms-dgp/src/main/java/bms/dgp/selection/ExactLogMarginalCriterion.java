package bms.dgp.selection;

/** The exact log marginal likelihood per training point, for candidates that have one (GPR); others are not scored. */
public final class ExactLogMarginalCriterion implements Criterion {
  @Override
  public String id() {
    return "exact";
  }

  @Override
  public String description() {
    return "exact log marginal likelihood per training point (GPR only)";
  }

  @Override
  public boolean usesMainFit() {
    return true;
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) {
    if (mainFit == null) return Score.missing("the fit failed");
    var v = mainFit.exactLogMarginalPerPoint();
    return v.isPresent() ? Score.of(v.getAsDouble(), 0)
        : Score.notApplicable(candidate.name() + " has no exact marginal likelihood (only GPR does)");
  }
}
