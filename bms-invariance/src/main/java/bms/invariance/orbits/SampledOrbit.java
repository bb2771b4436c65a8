package bms.invariance.orbits;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import java.util.Objects;

/**
 * An orbit sampled by reparameterisation: each call draws, for every input independently, S
 * transformations {@code a_s = h(eps_s, theta)} with {@code eps_s ~ U(0, 1)^P}, so that averages
 * over the output are Monte Carlo estimates whose gradients reach theta through h.
 *
 * <p>Independent draws per input (rather than one set shared by the batch) make every
 * off-diagonal entry of a kernel matrix an unbiased estimate; only an input paired with itself
 * needs the off-diagonal estimator of {@link bms.invariance.kernels.Invariant#Kdiag}.
 *
 * <p>The noise comes from an explicit {@link EpsilonSource}; swap in
 * {@link EpsilonSource#fixed(long)} to make the orbit a deterministic function of theta (for
 * gradient checks and for comparing bounds at equal noise).
 */
public abstract class SampledOrbit extends Orbit {
  private int samples;
  private EpsilonSource epsilons;

  protected SampledOrbit(int samples, EpsilonSource epsilons) {
    setSamples(samples);
    setEpsilons(epsilons);
  }

  /** S, the number of transformations drawn per input. */
  public final int samples() {
    return samples;
  }

  /** Changes S (for example more samples for evaluation than for training). */
  public final void setSamples(int samples) {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    this.samples = samples;
  }

  public final EpsilonSource epsilons() {
    return epsilons;
  }

  public final void setEpsilons(EpsilonSource epsilons) {
    this.epsilons = Objects.requireNonNull(epsilons, "epsilons");
  }

  /** P, the number of U(0, 1) variables behind one transformation. */
  public abstract int epsilonDim();

  @Override
  public final int samplesPerInput() {
    return samples;
  }

  @Override
  public final boolean isExact() {
    return false;
  }

  /** Draws (N*S) x P noise from the source and transforms x with it. */
  @Override
  public final Var apply(Var x) {
    return applyWithEpsilon(x, drawEpsilon(x.rows()));
  }

  /** The noise for {@code inputs} inputs: (inputs*S) x P from the source, row n*S + s. */
  public final Matrix drawEpsilon(int inputs) {
    return epsilons.uniform(inputs * samples, epsilonDim());
  }

  /**
   * The transformed inputs for given noise: row {@code n * S + s} of the result is input n under
   * {@code h(eps[n * S + s], theta)}; {@code eps} is (N*S) x P with entries in [0, 1].
   */
  public final Var applyWithEpsilon(Var x, Matrix eps) {
    checkEpsilon(eps, x.rows() * samples);
    return transform(x, eps);
  }

  /** The transformation itself, with {@code eps} already checked. */
  protected abstract Var transform(Var x, Matrix eps);

  /** Throws unless eps is rows x P with entries in [0, 1]. */
  protected final void checkEpsilon(Matrix eps, int rows) {
    if (eps.rows() != rows || eps.cols() != epsilonDim()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs eps of shape " + rows + "x"
          + epsilonDim() + " (N*S x P), got " + eps.shapeString());
    }
    double[] d = eps.data();
    for (int i = 0; i < d.length; i++) {
      if (!(d[i] >= 0 && d[i] <= 1)) {
        throw new IllegalArgumentException("eps must lie in [0, 1], got " + d[i] + " at row " + i / eps.cols()
            + ", column " + i % eps.cols());
      }
    }
  }

  /** Column k of eps mapped to {@code 2 eps - 1}, uniform on [-1, 1]: a constant R x 1 node. */
  protected static Var symmetricColumn(Matrix eps, int k) {
    Matrix c = new Matrix(eps.rows(), 1);
    for (int r = 0; r < eps.rows(); r++) c.data()[r] = 2 * eps.data()[r * eps.cols() + k] - 1;
    return Var.constant(c);
  }
}
