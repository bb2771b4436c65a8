package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;

/** The autodiff operations behind permutation orbits (column gathers with a scatter-add gradient). */
final class ColumnPermutations {
  private ColumnPermutations() {}

  /**
   * Every row under every permutation: row {@code n * G + g} of the result is
   * {@code out[j] = x[n][perms[g][j]]}.
   */
  static Var apply(Var x, int[][] perms) {
    int count = perms.length;
    int[][] chosen = new int[x.rows() * count][];
    for (int i = 0; i < x.rows(); i++) {
      for (int g = 0; g < count; g++) chosen[i * count + g] = perms[g];
    }
    return applyEach(x, chosen, count);
  }

  /**
   * One permutation per output row: row {@code n * k + s} of the result is row n of x permuted by
   * {@code chosen[n * k + s]}, where k = {@code perInput}.
   */
  static Var applyEach(Var x, int[][] chosen, int perInput) {
    int n = x.rows(), d = x.cols();
    if (chosen.length != n * perInput) {
      throw new IllegalArgumentException("need " + n + "*" + perInput + " permutations, got " + chosen.length);
    }
    for (int[] p : chosen) {
      if (p.length != d) {
        throw new IllegalArgumentException("permutations act on " + p.length + " columns but x is " + x.describe());
      }
    }
    double[] xd = x.value().data();
    Matrix out = new Matrix(chosen.length, d);
    double[] o = out.data();
    for (int r = 0; r < chosen.length; r++) {
      int[] p = chosen[r];
      int ob = r * d, ib = (r / perInput) * d;
      for (int j = 0; j < d; j++) o[ob + j] = xd[ib + p[j]];
    }
    return Var.op("permuteColumns", out, (grad, sink) -> {
      Matrix gx = new Matrix(n, d);
      double[] gd = gx.data();
      double[] gg = grad.data();
      for (int r = 0; r < chosen.length; r++) {
        int[] p = chosen[r];
        int ob = r * d, ib = (r / perInput) * d;
        for (int j = 0; j < d; j++) gd[ib + p[j]] += gg[ob + j];
      }
      sink.accumulate(x, gx);
    }, x);
  }
}
