package bms.dgp.selection;

/** The optimised bound per training point (the log marginal likelihood for GPR): one fit, no held-out data. */
public final class BoundCriterion implements Criterion {
  @Override
  public String id() {
    return "bound";
  }

  @Override
  public String description() {
    return "optimised bound per training point";
  }

  @Override
  public boolean usesMainFit() {
    return true;
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) {
    return mainFit == null ? Score.missing("the fit failed") : Score.of(mainFit.boundPerPoint(), 0);
  }
}
