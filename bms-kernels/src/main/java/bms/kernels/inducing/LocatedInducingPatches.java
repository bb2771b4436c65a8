package bms.kernels.inducing;

import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * Inducing patches with a location each, for the TICK kernel: u_m = g(z_m, l_m), with l_m a
 * trainable point (M x 2) in the normalised patch-location square [0, 1]^2. With a plain
 * (non-TICK) convolutional kernel the locations are not used.
 */
public class LocatedInducingPatches extends InducingPatches {
  private final Parameter locations;

  public LocatedInducingPatches(Matrix z, Matrix locations) {
    super(z);
    if (locations.rows() != z.rows() || locations.cols() != 2) {
      throw new IllegalArgumentException("locations must be " + z.rows() + "x2 (one per inducing patch), got "
          + locations.shapeString());
    }
    this.locations = addParameterFrom("locations", () -> Parameter.unconstrained(locations));
  }

  public Parameter locations() {
    return locations;
  }
}
