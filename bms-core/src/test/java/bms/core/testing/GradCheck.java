package bms.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference gradient checks. The function under test may return any shape; the check
 * differentiates {@code sum(W * f(inputs))} for a random W, which tests the whole
 * vector-Jacobian product rather than one output.
 */
public final class GradCheck {
  private double step = 1e-6;
  private double tolerance = 1e-6;
  private final Random rng;

  private GradCheck(long seed) {
    this.rng = new Random(seed ^ 0x5DEECE66DL);
  }

  public static GradCheck withSeed(long seed) {
    return new GradCheck(seed);
  }

  /** Central-difference step, scaled by max(1, |x|) per entry. */
  public GradCheck step(double h) {
    this.step = h;
    return this;
  }

  public GradCheck tolerance(double tol) {
    this.tolerance = tol;
    return this;
  }

  /**
   * Asserts that the autodiff gradient of {@code f} with respect to each input matches central
   * finite differences to the relative tolerance (norm-wise, per input).
   *
   * @return the largest relative error seen
   */
  public double check(Function<List<Var>, Var> f, Matrix... inputs) {
    List<Var> vars = new ArrayList<>();
    for (Matrix m : inputs) vars.add(Var.variable(m.copy()));
    Var out = f.apply(vars);
    Matrix w = Matrix.randn(out.rows(), out.cols(), rng);
    Gradients grads = Gradients.of(project(out, w));
    double worst = 0;
    for (int k = 0; k < inputs.length; k++) {
      Matrix analytic = grads.get(vars.get(k));
      Matrix numeric = numericGradient(f, inputs, k, w);
      double err = relativeError(analytic, numeric);
      worst = Math.max(worst, err);
      if (!(err <= tolerance)) {
        fail(String.format("gradient of input %d (%s) off: relative error %.3e > %.1e%nanalytic %s%nnumeric %s",
            k, inputs[k].shapeString(), err, tolerance, analytic, numeric));
      }
    }
    return worst;
  }

  private static Var project(Var out, Matrix w) {
    return out.mul(Var.constant(w)).sum();
  }

  private Matrix numericGradient(Function<List<Var>, Var> f, Matrix[] inputs, int k, Matrix w) {
    Matrix x = inputs[k];
    Matrix g = new Matrix(x.rows(), x.cols());
    for (int i = 0; i < x.size(); i++) {
      double orig = x.data()[i];
      double h = step * Math.max(1.0, Math.abs(orig));
      double fp = evaluate(f, inputs, k, i, orig + h, w);
      double fm = evaluate(f, inputs, k, i, orig - h, w);
      g.data()[i] = (fp - fm) / (2 * h);
    }
    return g;
  }

  private static double evaluate(Function<List<Var>, Var> f, Matrix[] inputs, int k, int i, double v, Matrix w) {
    List<Var> vars = new ArrayList<>();
    for (int j = 0; j < inputs.length; j++) {
      Matrix m = inputs[j].copy();
      if (j == k) m.data()[i] = v;
      vars.add(Var.constant(m));
    }
    return project(f.apply(vars), w).scalar();
  }

  /** ||a - b|| / max(||a|| + ||b||, 1e-8): scale-free, and tolerant of zero gradients. */
  public static double relativeError(Matrix a, Matrix b) {
    Matrix.requireSameShape("relativeError", a, b);
    double diff = 0, na = 0, nb = 0;
    for (int i = 0; i < a.size(); i++) {
      double d = a.data()[i] - b.data()[i];
      diff += d * d;
      na += a.data()[i] * a.data()[i];
      nb += b.data()[i] * b.data()[i];
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nb), 1e-8);
  }
}
