package bms.dgp.selection;

import bms.core.param.Module;
import bms.dgp.evidence.Orders;
import bms.dgp.evidence.Prequential;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.random.RandomStream;

/**
 * The prequential log evidence per training point, sum_i log p(y_i | y_&lt;i) / N over a seeded
 * random order, from the trained conjugate model by Cholesky updates: for GPR it is the exact
 * log marginal likelihood, for SGPR the Nystrom (DTC) evidence log N(y | m, Qff + s2 I), which
 * is SGPR's bound without its trace term. Other models are not scored.
 */
public final class PrequentialCriterion implements Criterion {
  private final long seed;

  public PrequentialCriterion(long seed) {
    this.seed = seed;
  }

  @Override
  public String id() {
    return "prequential";
  }

  @Override
  public String description() {
    return "prequential log evidence per training point (GPR: exact; SGPR: Nystrom model)";
  }

  @Override
  public boolean usesMainFit() {
    return true;
  }

  @Override
  public <D> Score score(Candidate<D> candidate, Fit mainFit, SelectionData<D> data, FitRunner<D> fits) {
    if (mainFit == null) return Score.missing("the fit failed");
    Module m = mainFit.model().orElse(null);
    long t0 = System.nanoTime();
    double total;
    int n;
    RandomStream order = new RandomStream(seed).child("prequential");
    if (m instanceof GPR gpr) {
      n = gpr.data().size();
      total = Prequential.gpr(gpr, Orders.random(n, order)).total();
    } else if (m instanceof SGPR sgpr) {
      n = sgpr.data().size();
      total = Prequential.nystrom(sgpr, Orders.random(n, order)).total();
    } else {
      return Score.notApplicable(candidate.name() + " is not a conjugate model (GPR or SGPR)");
    }
    return Score.of(total / n, (System.nanoTime() - t0) * 1e-9);
  }
}
