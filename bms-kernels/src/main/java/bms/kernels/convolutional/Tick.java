package bms.kernels.convolutional;

import bms.kernels.image.ImageShape;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.kernels.Kernel;
import bms.kernels.Matern52;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.LocatedInducingPatches;

/**
 * The translation insensitive convolutional kernel (TICK; Dutordoir, van der Wilk, Artemev and
 * Hensman 2020): the patch kernel is multiplied by a kernel over patch locations, so a patch
 * response may vary smoothly across the image,
 *
 * <pre>
 *   k(x, x') = (1/P^2) sum_p sum_p' w_p w_p' k_g(x[p], x'[p']) k_loc(l_p, l_p')
 * </pre>
 *
 * with k_loc a Matern52 of unit variance (the scale is the base kernel's) and a trainable
 * lengthscale over the normalised locations l_p in [0, 1]^2 ({@link PatchExtractor#locations}).
 * Inducing patches need locations too ({@link LocatedInducingPatches}):
 * Kuu = k_g(Z, Z) k_loc(L_Z, L_Z), Kuf[m, n] = (1/P) sum_p w_p k_g(z_m, x_n[p]) k_loc(l_m, l_p).
 */
public final class Tick extends Convolutional {
  private final Matern52 locationKernel;
  private final Var locations;

  public Tick(Kernel base, ImageShape image, PatchShape patch, boolean weighted, double locationLengthscale,
      int[] activeDims) {
    super(base, image, patch, weighted, activeDims);
    this.locationKernel = addModule("location_kernel", new Matern52(1.0, locationLengthscale));
    locationKernel.variance().setTrainable(false);
    this.locations = Var.constant(patches().locations());
  }

  public Tick(Kernel base, ImageShape image, PatchShape patch, double locationLengthscale) {
    this(base, image, patch, false, locationLengthscale, null);
  }

  public Matern52 locationKernel() {
    return locationKernel;
  }

  @Override
  protected boolean patchGramIsBaseKernel() {
    return false;
  }

  @Override
  protected Var patchGram(Var a, Var b) {
    Var kloc = locationKernel.K(locations);
    return super.patchGram(a, b).mul(PatchSums.tile(kloc, a.rows(), b.rows()));
  }

  @Override
  protected Var patchInducingGram(Var patchRows, InducingPatches iv) {
    Var kloc = locationKernel.K(locations, located(iv).locations().var());
    return super.patchInducingGram(patchRows, iv).mul(PatchSums.tile(kloc, patchRows.rows(), kloc.cols()));
  }

  @Override
  public Var inducingKuu(InducingPatches iv) {
    Var zl = located(iv).locations().var();
    return super.inducingKuu(iv).mul(locationKernel.K(zl));
  }

  @Override
  public Var inducingKuf(InducingPatches iv, Var x) {
    located(iv);
    return super.inducingKuf(iv, x);
  }

  private static LocatedInducingPatches located(InducingPatches iv) {
    if (iv instanceof LocatedInducingPatches l) return l;
    throw new IllegalArgumentException("TICK needs inducing patches with locations (LocatedInducingPatches), got "
        + iv.getClass().getSimpleName());
  }

  /** The normalised patch locations, P x 2. */
  public Matrix locations() {
    return locations.value().copy();
  }
}
