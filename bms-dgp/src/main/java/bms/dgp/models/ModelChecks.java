package bms.dgp.models;

import bms.core.matrix.Matrix;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.inducing.InducingVariables;

/** Shape checks between data and model parts, with messages that name both sides. */
final class ModelChecks {
  private ModelChecks() {}

  /**
   * X must have as many columns as inducing points Z (other inducing features check themselves;
   * inducing patches are InducingPoints in patch space, so their Z is narrower than X).
   */
  static void requireInputDim(Matrix x, String name, InducingVariables inducing) {
    if (inducing instanceof InducingPoints ip && !(inducing instanceof InducingPatches) && ip.z().cols() != x.cols()) {
      throw new IllegalArgumentException(name + " has " + x.cols() + " columns but the inducing points Z are "
          + ip.z().rows() + "x" + ip.z().cols() + " (" + ip.z().cols() + " input dimensions)");
    }
  }
}
