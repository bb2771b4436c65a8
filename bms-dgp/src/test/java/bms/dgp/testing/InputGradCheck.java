package bms.dgp.testing;

import static org.junit.jupiter.api.Assertions.fail;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Like the core GradCheck (differentiates sum(W * f(inputs)) for a random W), but with an error
 * floor proportional to the size of the output, so gradients that are exactly zero (a
 * predictive mean that does not depend on the latent variance) are checked absolutely instead
 * of being compared, relatively, with finite-difference round-off.
 */
public final class InputGradCheck {
  private InputGradCheck() {}

  public static void check(long seed, double step, double tolerance, Function<List<Var>, Var> f, Matrix... inputs) {
    Random rng = new Random(seed ^ 0x9E3779B97F4A7C15L);
    List<Var> vars = new ArrayList<>();
    for (Matrix m : inputs) vars.add(Var.variable(m.copy()));
    Var out = f.apply(vars);
    Matrix w = Matrix.randn(out.rows(), out.cols(), rng);
    Var projected = out.mul(Var.constant(w)).sum();
    Gradients grads = Gradients.of(projected);
    double floor = 1e-4 * Math.max(1.0, Math.abs(projected.scalar()));
    for (int k = 0; k < inputs.length; k++) {
      Matrix x = inputs[k];
      Matrix numeric = new Matrix(x.rows(), x.cols());
      for (int i = 0; i < x.size(); i++) {
        double h = step * Math.max(1.0, Math.abs(x.data()[i]));
        numeric.data()[i] = (evaluate(f, inputs, k, i, x.data()[i] + h, w) - evaluate(f, inputs, k, i, x.data()[i] - h, w))
            / (2 * h);
      }
      Matrix analytic = grads.get(vars.get(k));
      double err = ParameterGradCheck.relativeError(analytic, numeric, floor);
      if (!(err <= tolerance)) {
        fail(String.format("gradient of input %d (%s) off: relative error %.3e > %.1e%nanalytic %s%nnumeric %s", k,
            x.shapeString(), err, tolerance, analytic, numeric));
      }
    }
  }

  private static double evaluate(Function<List<Var>, Var> f, Matrix[] inputs, int k, int i, double v, Matrix w) {
    List<Var> vars = new ArrayList<>();
    for (int j = 0; j < inputs.length; j++) {
      Matrix m = inputs[j].copy();
      if (j == k) m.data()[i] = v;
      vars.add(Var.constant(m));
    }
    return f.apply(vars).mul(Var.constant(w)).sum().scalar();
  }
}
