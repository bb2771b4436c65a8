package bms.spark;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.ParameterVector;

/**
 * A scalar whose value and gradient were computed elsewhere (summed over Spark partitions), as
 * an autodiff node over the parameters' current leaves, so bms's own optimisers (L-BFGS, which
 * takes an {@code Objective} returning a {@link Var}) run on it unchanged.
 */
public final class ExternalGradient {
  private ExternalGradient() {}

  /** A 1x1 node of value {@code value} whose gradient wrt {@code params}' leaves is {@code gradient} (packed). */
  public static Var of(double value, ParameterVector params, double[] gradient) {
    if (gradient.length != params.size()) {
      throw new IllegalArgumentException("gradient has " + gradient.length + " entries but the parameters have "
          + params.size());
    }
    Var[] leaves = new Var[params.count()];
    for (int k = 0; k < leaves.length; k++) leaves[k] = params.parameter(k).leaf();
    double[] g = gradient.clone();
    return Var.op("external", Matrix.scalar(value), (out, sink) -> {
      double scale = out.scalarValue();
      for (int k = 0; k < leaves.length; k++) {
        int from = params.offset(k);
        Matrix gk = new Matrix(leaves[k].rows(), leaves[k].cols());
        for (int i = 0; i < gk.size(); i++) gk.data()[i] = scale * g[from + i];
        sink.accumulate(leaves[k], gk);
      }
    }, leaves);
  }
}
