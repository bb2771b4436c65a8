package bms.kernels.testing;

import static org.junit.jupiter.api.Assertions.fail;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.testing.GradCheck;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finite-difference checks of gradients with respect to a module's parameters: the autodiff
 * gradient at each trainable parameter's unconstrained leaf against central differences of the
 * objective as the unconstrained value is moved entry by entry.
 */
public final class ParameterGradCheck {
  private ParameterGradCheck() {}

  /** Checks every trainable parameter under {@code module}. */
  public static void assertGradients(Module module, Supplier<Var> objective, double tol) {
    assertGradients(module.trainableParameters(), objective, tol);
  }

  /** Checks the given parameters (by name, for messages). {@code objective} must be 1x1. */
  public static void assertGradients(Map<String, Parameter> params, Supplier<Var> objective, double tol) {
    Var out = objective.get();
    Gradients grads = Gradients.of(out);
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Parameter p = e.getValue();
      Matrix analytic = grads.get(p.leaf());
      Matrix numeric = numeric(p, objective);
      double err = GradCheck.relativeError(analytic, numeric);
      if (!(err <= tol)) {
        fail(String.format("gradient of parameter %s off: relative error %.3e > %.1e%nanalytic %s%nnumeric %s",
            e.getKey(), err, tol, analytic, numeric));
      }
    }
  }

  private static Matrix numeric(Parameter p, Supplier<Var> objective) {
    Matrix u = p.unconstrained();
    Matrix g = new Matrix(u.rows(), u.cols());
    try {
      for (int i = 0; i < u.size(); i++) {
        double orig = u.data()[i];
        double h = 1e-6 * Math.max(1.0, Math.abs(orig));
        Matrix up = u.copy();
        up.data()[i] = orig + h;
        p.setUnconstrained(up);
        double fp = objective.get().scalar();
        Matrix dn = u.copy();
        dn.data()[i] = orig - h;
        p.setUnconstrained(dn);
        double fm = objective.get().scalar();
        g.data()[i] = (fp - fm) / (2 * h);
      }
    } finally {
      p.setUnconstrained(u);
    }
    return g;
  }
}
