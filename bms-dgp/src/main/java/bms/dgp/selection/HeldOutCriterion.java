package bms.dgp.selection;

/** Mean log predictive density of the test part: the reference the other criteria are judged against. */
public final class HeldOutCriterion implements Criterion {
  public static final String ID = "heldout";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "held-out mean log predictive density";
  }

  @Override
  public boolean usesMainFit() {
    return true;
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) {
    return mainFit == null ? Score.missing("the fit failed") : Score.of(mainFit.testLogLik(), 0);
  }
}
