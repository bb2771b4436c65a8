package bms.examples.uci;

import java.util.Locale;

/**
 * A regression model to train, named on the command line as {@code family[-kernel]}:
 * {@code gpr}, {@code sgpr}, {@code svgp} (RBF unless a kernel follows, e.g.
 * {@code svgp-matern52}, {@code svgp-arccos}), and the deep GPs {@code dgp2}, {@code dgp3}, ...
 * ({@code dgpL} has L layers, RBF kernels on every layer).
 *
 * @param family which model
 * @param layers the number of GP layers (1 except for deep GPs)
 * @param kernel the kernel (of every layer)
 */
public record ModelSpec(Family family, int layers, KernelChoice kernel) {
  /** The model families. */
  public enum Family {
    /** Exact GP regression, ML-II by L-BFGS; O(N^3). */
    GPR,
    /** Titsias' collapsed bound, L-BFGS on all the data. */
    SGPR,
    /** Sparse variational GP, Adam on minibatches. */
    SVGP,
    /** Deep GP by doubly stochastic VI, Adam on minibatches. */
    DGP
  }

  /** The deepest model accepted; deeper stacks gain nothing on these data sets and cost much. */
  public static final int MAX_LAYERS = 6;

  /** What {@link #parse} accepts, for help texts and error messages. */
  public static final String SYNTAX = "gpr, sgpr, svgp, dgp2, dgp3 (dgpL for L = 2.." + MAX_LAYERS
      + " layers); gpr, sgpr and svgp take a kernel suffix -rbf (default), -matern52 or -arccos";

  public ModelSpec {
    if (family == null || kernel == null) {
      throw new IllegalArgumentException("family and kernel must not be null");
    }
    if (family == Family.DGP ? layers < 2 || layers > MAX_LAYERS : layers != 1) {
      throw new IllegalArgumentException(family + " cannot have " + layers + " layers"
          + (family == Family.DGP ? " (2.." + MAX_LAYERS + ")" : " (only 1)"));
    }
  }

  /** Whether the model trains by Adam on minibatches (and so can checkpoint and resume). */
  public boolean stochastic() {
    return family == Family.SVGP || family == Family.DGP;
  }

  /** The canonical name, e.g. "svgp", "svgp-matern52", "dgp3". */
  public String id() {
    String base = family == Family.DGP ? "dgp" + layers : family.name().toLowerCase(Locale.ROOT);
    return kernel == KernelChoice.RBF ? base : base + "-" + kernel.id();
  }

  @Override
  public String toString() {
    return id();
  }

  /** Parses a name such as "svgp", "svgp-arccos" or "dgp2" (case-insensitive). */
  public static ModelSpec parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank; known: " + SYNTAX);
    }
    String s = name.strip().toLowerCase(Locale.ROOT);
    int dash = s.indexOf('-');
    String base = dash < 0 ? s : s.substring(0, dash);
    KernelChoice kernel;
    try {
      kernel = dash < 0 ? KernelChoice.RBF : KernelChoice.byId(s.substring(dash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
    }
    switch (base) {
      case "gpr":
        return new ModelSpec(Family.GPR, 1, kernel);
      case "sgpr":
        return new ModelSpec(Family.SGPR, 1, kernel);
      case "svgp":
        return new ModelSpec(Family.SVGP, 1, kernel);
      default:
        break;
    }
    if (base.matches("dgp\\d{1,2}")) {
      int layers = Integer.parseInt(base.substring(3));
      if (layers < 2 || layers > MAX_LAYERS) {
        throw new IllegalArgumentException("model '" + name + "': a deep GP needs 2.." + MAX_LAYERS
            + " layers (use svgp for one)");
      }
      if (kernel != KernelChoice.RBF) {
        throw new IllegalArgumentException("model '" + name + "': deep GPs use RBF kernels on every layer");
      }
      return new ModelSpec(Family.DGP, layers, kernel);
    }
    throw new IllegalArgumentException("unknown model '" + name + "'; known: " + SYNTAX);
  }
}
