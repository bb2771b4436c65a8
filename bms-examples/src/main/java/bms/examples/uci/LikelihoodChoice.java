package bms.examples.uci;

import bms.dgp.likelihoods.Bernoulli;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.MultiClass;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The likelihoods a command-line model can have: Gaussian regression on standardised targets,
 * or classification by class number 0..C-1: Bernoulli (probit) for two classes, Robustmax
 * multi-class with one latent GP per class otherwise.
 */
public enum LikelihoodChoice {
  GAUSSIAN("gaussian"),
  BERNOULLI("bernoulli"),
  MULTICLASS("multiclass");

  private final String id;

  LikelihoodChoice(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether the targets are class labels. */
  public boolean classification() {
    return this != GAUSSIAN;
  }

  /**
   * A fresh likelihood: the Gaussian starts at {@code noiseVariance}; the classifiers need the
   * number of classes (2 for Bernoulli, at least 2 for multi-class).
   */
  public Likelihood create(double noiseVariance, int classes) {
    switch (this) {
      case GAUSSIAN:
        return new Gaussian(noiseVariance);
      case BERNOULLI:
        if (classes != 2) {
          throw new IllegalArgumentException("the bernoulli likelihood needs exactly 2 classes, got " + classes);
        }
        return new Bernoulli();
      case MULTICLASS:
        if (classes < 2) {
          throw new IllegalArgumentException("the multiclass likelihood needs at least 2 classes, got " + classes);
        }
        return new MultiClass(classes);
      default:
        throw new IllegalStateException("unhandled likelihood " + this);
    }
  }

  /** The likelihood named {@code id} (case-insensitive). */
  public static LikelihoodChoice byId(String id) {
    String norm = id.strip().toLowerCase(Locale.ROOT);
    for (LikelihoodChoice l : values()) {
      if (l.id.equals(norm)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown likelihood '" + id + "'; known: "
        + Arrays.stream(values()).map(LikelihoodChoice::id).collect(Collectors.joining(", ")));
  }
}
