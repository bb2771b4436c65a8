package bms.invariance.testing;

import static org.junit.jupiter.api.Assertions.fail;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Finite-difference checks of gradients with respect to model parameters (their unconstrained
 * leaves), for computations that read parameters through {@link Parameter#var()} rather than
 * through explicit inputs. The computation must be deterministic (fixed eps).
 */
public final class ParameterGradCheck {
  private ParameterGradCheck() {}

  /**
   * Compares d sum(W * f()) / d u_p (W random, u_p the unconstrained value of p) with central
   * differences of step {@code h} for every parameter; fails above {@code tol} (norm-wise
   * relative error). Returns the analytic gradients.
   */
  public static Matrix[] check(Supplier<Var> f, List<Parameter> params, long seed, double h, double tol) {
    Var out = f.get();
    Matrix w = Matrix.randn(out.rows(), out.cols(), new Random(seed ^ 0xC0FFEE));
    Gradients grads = Gradients.of(out.mul(Var.constant(w)).sum());
    Matrix[] analytic = new Matrix[params.size()];
    for (int k = 0; k < params.size(); k++) {
      Parameter p = params.get(k);
      analytic[k] = grads.get(p.leaf());
      Matrix numeric = new Matrix(p.rows(), p.cols());
      Matrix u0 = p.unconstrained();
      for (int i = 0; i < u0.size(); i++) {
        Matrix u = u0.copy();
        u.data()[i] = u0.data()[i] + h;
        p.setUnconstrained(u);
        double fp = f.get().mul(Var.constant(w)).sum().scalar();
        u.data()[i] = u0.data()[i] - h;
        p.setUnconstrained(u);
        double fm = f.get().mul(Var.constant(w)).sum().scalar();
        numeric.data()[i] = (fp - fm) / (2 * h);
      }
      p.setUnconstrained(u0);
      double err = GradCheck.relativeError(analytic[k], numeric);
      if (!(err <= tol)) {
        fail(String.format("gradient of parameter %d off: relative error %.3e > %.1e%nanalytic %s%nnumeric %s", k,
            err, tol, analytic[k], numeric));
      }
    }
    return analytic;
  }
}
