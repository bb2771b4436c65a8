package bms.dgp.models;

import bms.core.matrix.Matrix;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import bms.kernels.inducing.InducingVariables;

/** Shape checks between data and model parts, with messages that name both sides. */
final class ModelChecks {
  private ModelChecks() {}

  /**
   * X must have as many columns as inducing points Z. Inducing patches live in patch space, not
   * in X's, so they are skipped (the convolutional kernel checks the image size itself), as are
   * other inducing features.
   */
  static void requireInputDim(Matrix x, String name, InducingVariables inducing) {
    if (inducing instanceof InducingPoints ip && !(inducing instanceof InducingPatches) && ip.z().cols() != x.cols()) {
      throw new IllegalArgumentException(name + " has " + x.cols() + " columns but the inducing points Z are "
          + ip.z().rows() + "x" + ip.z().cols() + " (" + ip.z().cols() + " input dimensions)");
    }
  }
}
