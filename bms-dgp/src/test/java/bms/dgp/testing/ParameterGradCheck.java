package bms.dgp.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finite-difference check of d(objective)/d(every trainable parameter of a module), on the
 * unconstrained values optimisers see. The objective is re-evaluated from scratch for each
 * perturbation, so sampled objectives must draw fixed noise (a fresh stream with the same seed).
 */
public final class ParameterGradCheck {
  private ParameterGradCheck() {}

  /** @return the largest relative error over parameters */
  public static double check(Module module, Supplier<Var> objective, double step, double tolerance) {
    Map<String, Parameter> params = module.trainableParameters();
    assertTrue(!params.isEmpty(), "module has no trainable parameters");
    Var out = objective.get();
    assertTrue(Double.isFinite(out.scalar()), "objective is not finite: " + out.scalar());
    Gradients grads = Gradients.of(out);
    double worst = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Parameter p = e.getValue();
      Matrix analytic = grads.get(p.leaf());
      Matrix u0 = p.unconstrained();
      Matrix numeric = new Matrix(u0.rows(), u0.cols());
      for (int i = 0; i < u0.size(); i++) {
        double h = step * Math.max(1.0, Math.abs(u0.data()[i]));
        Matrix up = u0.copy();
        up.data()[i] += h;
        p.setUnconstrained(up);
        double fp = objective.get().scalar();
        Matrix dn = u0.copy();
        dn.data()[i] -= h;
        p.setUnconstrained(dn);
        double fm = objective.get().scalar();
        numeric.data()[i] = (fp - fm) / (2 * h);
      }
      p.setUnconstrained(u0);
      double err = relativeError(analytic, numeric, 1e-4 * Math.max(1.0, Math.abs(out.scalar())));
      worst = Math.max(worst, err);
      if (!(err <= tolerance)) {
        fail(String.format("gradient of %s off: relative error %.3e > %.1e%nanalytic %s%nnumeric %s", e.getKey(), err,
            tolerance, analytic, numeric));
      }
    }
    return worst;
  }

  /**
   * Step 1e-5 (round-off in the objective, about 1e-16 |f| / h, stays near 1e-10 |f|) and
   * relative tolerance 1e-5.
   */
  public static double check(Module module, Supplier<Var> objective) {
    return check(module, objective, 1e-5, 1e-5);
  }

  /**
   * ||a - b|| / max(||a|| + ||b||, floor): relative for gradients well above the floor, absolute
   * (to tolerance * floor) for those the finite differences cannot resolve, such as gradients
   * that are exactly zero by symmetry.
   */
  public static double relativeError(Matrix a, Matrix b, double floor) {
    double diff = 0, na = 0, nb = 0;
    for (int i = 0; i < a.size(); i++) {
      double d = a.data()[i] - b.data()[i];
      diff += d * d;
      na += a.data()[i] * a.data()[i];
      nb += b.data()[i] * b.data()[i];
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nb), floor);
  }
}
