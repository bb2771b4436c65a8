package bms.dgp.models;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.DataChecks;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.meanfunctions.MeanFunction;
import java.util.function.Function;

/**
 * What GPR and SGPR share once their posterior over f is known: both compute one mean per
 * output column and one variance for all of them (the columns share kernel and noise), and
 * score test points under the same Gaussian likelihood.
 */
final class ConjugatePredictions {
  private ConjugatePredictions() {}

  /**
   * Adds the prior mean m(X*) to {@code mean} (N* x P) and repeats the shared variance
   * ({@code var}, N* x 1) over the P columns.
   */
  static Marginals withPriorMean(Var mean, Var var, MeanFunction meanFunction, Var xs, int p) {
    if (!meanFunction.isZero()) {
      mean = mean.add(meanFunction.apply(xs, p));
    }
    if (p > 1) {
      var = var.add(Var.constant(Matrix.zeros(xs.rows(), p)));
    }
    return new Marginals(mean, var);
  }

  /** sum_p log N(y_np | mean_np, var_n + s2) for each test point, N* x 1. */
  static Matrix logDensity(Function<Matrix, Marginals> predictF, Gaussian likelihood, Matrix xNew, Matrix yNew) {
    DataChecks.requireData(yNew, "Ynew");
    DataChecks.requireSameRows(xNew, "Xnew", yNew, "Ynew");
    Marginals f = predictF.apply(xNew);
    return likelihood.predictLogDensity(f.mean(), f.variance(), yNew, null).value();
  }
}
