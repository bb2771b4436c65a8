package bms.kernels.convolutional;

import bms.kernels.image.ImageShape;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import bms.kernels.Kernel;
import bms.kernels.RadialFunction;
import bms.kernels.RadialStationary;
import bms.kernels.Stationary;
import bms.kernels.RowBlocks;
import bms.kernels.inducing.InducingPatches;
import java.util.ArrayList;
import java.util.List;

/**
 * The convolutional kernel of van der Wilk, Rasmussen and Hensman (2017): a patch response
 * function g ~ GP(0, k_g) is applied to every patch and the responses are summed,
 *
 * <pre>
 *   f(x) = (1/P) sum_p w_p g(x[p])
 *   k(x, x') = (1/P^2) sum_p sum_p' w_p w_p' k_g(x[p], x'[p'])
 * </pre>
 *
 * <p>Normalisation: we divide by P (as GPflow does), so that the prior variance of f does not
 * grow with the number of patches and the base kernel's hyperparameters keep their meaning. The
 * inducing-patch covariances are consistent with it: Kuu = k_g(Z, Z) and
 * Kuf[m, n] = (1/P) sum_p w_p k_g(z_m, x_n[p]) (see {@link #inducingKuf}).
 *
 * <p>Unweighted: w_p = 1, fixed. Weighted: w is a trainable P x 1 parameter, initialised to 1.
 * Colour images carry their channels inside each patch ({@link PatchExtractor}).
 *
 * <p>Cost: K(X, X2) forms the (N P) x (M P) patch Gram matrix, Kuf the (N P) x M one, and
 * Kdiag one P x P patch Gram per image (reduced by w^T G w). For the squared exponential and
 * Matern bases, Kuf and Kdiag are single fused nodes ({@link PatchInducingSums},
 * {@link PatchVariances}) that make one pass over the patch Gram each way instead of ten. Each is built as
 * one graph while it holds at most {@link #blockEntries()} entries (default 4M, 32 MB); beyond
 * that it is computed in row blocks of whole images that are recomputed on the way back
 * ({@link RowBlocks}), so memory stays bounded for any batch size at the price of a second
 * forward pass. (In blocks, K(X) is no longer a symmetric call of the base kernel, so a patch's
 * distance to itself is rounding-size rather than exactly 0; only a base kernel with a kink at
 * r = 0, such as Matern12, notices, at the 1e-8 level.)
 */
public class Convolutional extends Kernel {
  /** Default patch Gram entries held at once (32 MB) before K, Kuf and Kdiag use recomputed blocks. */
  public static final int DEFAULT_BLOCK_ENTRIES = 1 << 22;

  private final Kernel base;
  private final PatchExtractor patches;
  private final Parameter weights;
  private final Var unitWeights;
  private int blockEntries = DEFAULT_BLOCK_ENTRIES;

  /**
   * @param base the patch kernel k_g, on patchSize-dimensional inputs
   * @param weighted whether the patch weights are learned
   * @param activeDims the image columns of the input (null: the input is the image)
   */
  public Convolutional(Kernel base, ImageShape image, PatchShape patch, boolean weighted, int[] activeDims) {
    super(activeDims);
    if (base == null) throw new IllegalArgumentException("base kernel is null");
    this.base = addModule("base_kernel", base);
    this.patches = new PatchExtractor(image, patch);
    int p = patches.numPatches();
    this.weights = weighted ? addParameter("weights", Parameter.unconstrained(Matrix.ones(p, 1))) : null;
    this.unitWeights = Var.constant(Matrix.ones(p, 1));
  }

  /** Unweighted, on the whole input. */
  public Convolutional(Kernel base, ImageShape image, PatchShape patch) {
    this(base, image, patch, false, null);
  }

  /** The weighted variant, with patch weights initialised to 1. */
  public static Convolutional weighted(Kernel base, ImageShape image, PatchShape patch) {
    return new Convolutional(base, image, patch, true, null);
  }

  /**
   * Sets how many patch Gram entries K and Kuf may hold at once; larger products are computed in
   * row blocks of whole images that are recomputed in the backward pass. The result does not
   * depend on it (up to rounding), only memory and time do.
   */
  public Convolutional setBlockEntries(int entries) {
    if (entries < 1) throw new IllegalArgumentException("block entries must be >= 1, got " + entries);
    this.blockEntries = entries;
    return this;
  }

  public int blockEntries() {
    return blockEntries;
  }

  public Kernel base() {
    return base;
  }

  public PatchExtractor patches() {
    return patches;
  }

  public int numPatches() {
    return patches.numPatches();
  }

  public boolean isWeighted() {
    return weights != null;
  }

  /** The learned patch weights (P x 1), or null for the unweighted kernel. */
  public Parameter weights() {
    return weights;
  }

  /** w as a P x 1 node: the parameter, or constant ones. */
  public Var weightVar() {
    return weights != null ? weights.var() : unitWeights;
  }

  /**
   * Covariance between two sets of patches, each made of whole images (row r is patch r mod P
   * of its image): k_g(a, b). Passing the same node twice is the symmetric case.
   */
  protected Var patchGram(Var a, Var b) {
    return base.K(a, b);
  }

  /**
   * Covariance between image patches (rows of whole images, as in {@link #patchGram}) and the
   * inducing patches: (n P) x M, k_g(x[p], z_m).
   */
  protected Var patchInducingGram(Var patchRows, InducingPatches iv) {
    return base.K(patchRows, checkedZ(iv));
  }

  /** Kuu of inducing patches (no jitter): k_g(Z, Z). */
  public Var inducingKuu(InducingPatches iv) {
    return base.K(checkedZ(iv));
  }

  /**
   * Kuf of inducing patches, M x N: Kuf[m, n] = (1/P) sum_p w_p k_g(z_m, x_n[p]). When the
   * (N P) x M patch covariance exceeds {@link #blockEntries()} it is computed in row blocks of
   * images that are recomputed on the way back.
   */
  public Var inducingKuf(InducingPatches iv, Var x) {
    int m = checkedZ(iv).rows();
    Var px = patches.extract(activeColumns(x));
    int p = numPatches();
    RadialFunction radial = fusedProfile();
    if (radial != null) {
      Stationary s = (Stationary) base;
      return PatchInducingSums.of(s.scaledInputs(px), s.scaledInputs(checkedZ(iv)), s.variance().var(), weightVar(), p,
          radial, blockEntries).t().divScalar(p);
    }
    if ((long) px.rows() * m <= blockEntries) {
      return PatchSums.rowGroups(patchInducingGram(px, iv), weightVar(), p).t().divScalar(p);
    }
    int imagesPerBlock = (int) Math.max(1, blockEntries / ((long) p * m));
    // The block function reads Z (and TICK's inducing locations) through their parameters.
    List<Parameter> params = new ArrayList<>(parameters().values());
    params.addAll(iv.parameters().values());
    Var kfu = RowBlocks.map("convKfu", px, imagesPerBlock * p, List.of(), params,
        (block, shared) -> PatchSums.rowGroups(patchInducingGram(block, iv), weightVar(), p));
    return kfu.t().divScalar(p);
  }

  private Var checkedZ(InducingPatches iv) {
    Var z = iv.z().var();
    if (z.cols() != patches.patchSize()) {
      throw new IllegalArgumentException("inducing patches are " + z.cols() + "-dimensional but the kernel's patches "
          + "have " + patches.patchSize() + " entries");
    }
    return z;
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    int p = numPatches();
    Var pa = patches.extract(x);
    Var pb = x2 == x ? pa : patches.extract(x2);
    long entries = (long) pa.rows() * pb.rows();
    if (entries <= blockEntries) {
      return imageGram(patchGram(pa, pb), p);
    }
    int imagesPerBlock = (int) Math.max(1, blockEntries / ((long) p * pb.rows()));
    return RowBlocks.map("convK", pa, imagesPerBlock * p, List.of(pb), parameters().values(),
        (block, shared) -> imageGram(patchGram(block, shared.get(0)), p));
  }

  /** (1/P^2) sum over patch pairs: (n P) x (m P) patch Gram to n x m. */
  private Var imageGram(Var g, int p) {
    Var w = weightVar();
    return PatchSums.rowGroups(PatchSums.colGroups(g, w, p), w, p).divScalar((double) p * p);
  }

  /**
   * One P x P patch Gram per image, reduced to w^T G w / P^2. Small batches (N P^2 entries
   * within {@link #blockEntries()}) keep the per-image graphs; larger ones recompute each image's
   * Gram on the way back, so memory stays O(P^2).
   */
  @Override
  protected Var computeKdiag(Var x) {
    int p = numPatches();
    Var px = patches.extract(x);
    RadialFunction radial = fusedProfile();
    if (radial != null) {
      Stationary s = (Stationary) base;
      return PatchVariances.of(s.scaledInputs(px), s.variance().var(), weightVar(), p, radial, blockEntries);
    }
    if ((long) x.rows() * p * p <= blockEntries) {
      List<Var> parts = new ArrayList<>();
      for (int i = 0; i < x.rows(); i++) parts.add(imageVariance(px.sliceRows(i * p, (i + 1) * p), p));
      return Var.concatRows(parts);
    }
    return RowBlocks.map("convKdiag", px, p, List.of(), parameters().values(), (block, shared) -> imageVariance(block, p));
  }

  /**
   * The base kernel's profile when Kdiag and Kuf can be computed by the fused nodes
   * ({@link PatchVariances}, {@link PatchInducingSums}): a radial stationary base kernel on all
   * patch entries, and the plain patch Grams (subclasses that change {@link #patchGram} or
   * {@link #patchInducingGram} return false from {@link #patchGramIsBaseKernel}). Null otherwise.
   */
  private RadialFunction fusedProfile() {
    if (!patchGramIsBaseKernel() || base.activeDims() != null || !(base instanceof RadialStationary r)) return null;
    return r.radialFunction();
  }

  /** Whether {@link #patchGram} is the base kernel's Gram itself (false where a subclass multiplies it). */
  protected boolean patchGramIsBaseKernel() {
    return true;
  }

  /** w^T k_g(patches, patches) w / P^2 for the P patches of one image. */
  private Var imageVariance(Var imagePatches, int p) {
    Var w = weightVar();
    return w.tmatmul(patchGram(imagePatches, imagePatches).matmul(w)).divScalar((double) p * p);
  }
}
