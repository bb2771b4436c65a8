package bms.kernels;

import bms.core.autodiff.Var;

/** Column selection for active dimensions: a contiguous range is a slice, otherwise a gather. */
final class Columns {
  private Columns() {}

  static Var select(Var x, int[] dims) {
    boolean contiguous = true;
    for (int i = 1; i < dims.length; i++) contiguous &= dims[i] == dims[0] + i;
    if (contiguous && dims.length > 0) {
      return x.sliceCols(dims[0], dims[0] + dims.length);
    }
    return x.t().gatherRows(dims).t();
  }
}
