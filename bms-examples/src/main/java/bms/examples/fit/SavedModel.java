package bms.examples.fit;

import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.Checkpoints;
import bms.core.matrix.Matrix;
import bms.dgp.data.Dataset;
import bms.dgp.random.RandomStream;
import bms.examples.data.Standardizer;
import bms.examples.uci.FitSettings;
import bms.examples.uci.LikelihoodChoice;
import bms.examples.uci.ModelSpec;
import bms.examples.uci.RegressionModel;
import bms.examples.uci.RegressionModels;
import java.util.List;
import java.util.Map;

/**
 * What {@code model.bin} holds ({@link ModelFile}): the recipe that rebuilds the model without
 * code (which model, likelihood, settings, the input columns by name, the target, the class
 * labels), the standardisation of inputs and targets, the training data where predictions need
 * it (gpr and sgpr condition on it), the model's structure description and every parameter by
 * path, exactly.
 *
 * @param model the model's name, as {@link ModelSpec#parse} reads it
 * @param settings the settings it was trained with (M as used, possibly lowered to N)
 * @param seed the run's seed; predictions draw their Monte Carlo noise from it
 * @param conditioning the standardised training data for gpr and sgpr, null for svgp and dgpL
 * @param structure {@link Checkpoints#structureOf} the trained model
 * @param parameters every parameter's unconstrained value by path
 */
public record SavedModel(String model, LikelihoodChoice likelihood, List<String> features, String target,
    List<String> labels, FitSettings settings, long seed, Standardizer standardizer, Dataset conditioning,
    String structure, Map<String, Matrix> parameters) {

  public SavedModel {
    features = List.copyOf(features);
    labels = List.copyOf(labels);
    parameters = Map.copyOf(parameters);
    ModelSpec spec = ModelSpec.parse(model);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one input column");
    }
    if (standardizer.xMean().length != features.size() || standardizer.yMean().length != 1) {
      throw new IllegalArgumentException("the standardisation is for " + standardizer.xMean().length + " inputs and "
          + standardizer.yMean().length + " targets, the model has " + features.size() + " inputs and 1 target");
    }
    if (likelihood.classification() ? labels.size() < 2 : !labels.isEmpty()) {
      throw new IllegalArgumentException(likelihood.id() + " with " + labels.size() + " class labels");
    }
    if ((conditioning != null) != !spec.stochastic()) {
      throw new IllegalArgumentException(spec.id() + (spec.stochastic() ? " keeps no training data"
          : " predicts from its training data, which is missing"));
    }
    long values = 0;
    for (Matrix v : parameters.values()) values += v.size();
    if (spec.stochastic() && (long) settings.numInducing() * features.size() > values) {
      // The inducing inputs alone are M x D parameter values; this also bounds what rebuild allocates.
      throw new IllegalArgumentException("M = " + settings.numInducing() + " inducing points on " + features.size()
          + " inputs need more than the " + values + " parameter values there are");
    }
    if (conditioning != null && conditioning.inputDim() != features.size()) {
      throw new IllegalArgumentException("the training data has " + conditioning.inputDim() + " inputs, the model "
          + features.size());
    }
  }

  public ModelSpec spec() {
    return ModelSpec.parse(model);
  }

  /** The number of classes (1 for regression). */
  public int classes() {
    return likelihood.classification() ? labels.size() : 1;
  }

  /**
   * The model, built from the recipe and loaded with the saved parameters. Everything the
   * builder initialises from data (inducing inputs, PCA maps) is a parameter and is overwritten,
   * so svgp and deep GPs are built on stand-in inputs of the right width; the structure
   * description is checked first, and a mismatch is refused naming the first difference.
   */
  public RegressionModel rebuild() {
    ModelSpec spec = spec();
    Dataset data = conditioning != null ? conditioning : standIn(features.size(), settings.numInducing());
    RegressionModel m = RegressionModels.build(spec, settings, likelihood, classes(), data, new RandomStream(0));
    Checkpoints.restore(new Checkpoint(structure, parameters, null, Map.of(), Map.of()), m.module(), null);
    return m;
  }

  /** Gaussian inputs, enough rows for k-means with M centres and a PCA of d columns; targets 0. */
  private static Dataset standIn(int d, int m) {
    int n = Math.max(2 * m, d + 2);
    return new Dataset(new RandomStream(0).child("stand-in").gaussian(n, d), new Matrix(n, 1));
  }
}
