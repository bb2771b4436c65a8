package bms.examples.study;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.conditionals.Marginals;
import bms.dgp.data.Dataset;
import bms.dgp.models.DeepGP;
import bms.dgp.models.SVGP;
import bms.dgp.models.VariationalModel;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.invariance.lastlayer.NetworkClassifier;
import bms.invariance.models.OrbitNoise;
import bms.invariance.orbits.SampledOrbit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One candidate of a study: a variational model (SVGP or deep GP) under a name, with the learned
 * ranges of its orbit when it has a learned invariance. Its orbit draws from the stream of each
 * evaluation ({@link OrbitNoise}), so a run is a function of its seed: in training, the orbit of
 * step t draws from the trainer's noise stream of step t; in evaluation, from a stream fixed by
 * the seed.
 */
public final class StudyModel {
  /** Test and training points per prediction chunk (bounds memory: S transformed copies each). */
  static final int CHUNK = 200;

  private final String name;
  private final String description;
  private final VariationalModel model;
  private final SampledOrbit orbit;
  private final Map<String, Supplier<Double>> ranges;
  private final int predictionSamples;
  /** A network classifier (nn-lastlayer, nn-crossentropy) instead of a variational model, or null. */
  private final NetworkClassifier network;
  /** The training data a network classifier's last layer is conditioned on (set by {@link #objective}). */
  private Dataset networkTrain;

  /**
   * @param orbit the sampled orbit of an invariant kernel, or null
   * @param ranges the learned ranges to report (name to current value), empty for none
   * @param predictionSamples samples per point for a deep GP's predictions (ignored for SVGP)
   */
  StudyModel(String name, String description, VariationalModel model, SampledOrbit orbit,
      Map<String, Supplier<Double>> ranges, int predictionSamples) {
    if (!(model instanceof SVGP) && !(model instanceof DeepGP)) {
      throw new IllegalArgumentException("study models are SVGP or DeepGP, got " + model.getClass().getName());
    }
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.model = model;
    this.orbit = orbit;
    this.ranges = new LinkedHashMap<>(ranges);
    this.predictionSamples = predictionSamples;
    this.network = null;
  }

  /** A candidate that is a network classifier ({@link NetworkModels}) rather than a GP. */
  StudyModel(String name, String description, NetworkClassifier network, SampledOrbit orbit,
      Map<String, Supplier<Double>> ranges) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.model = null;
    this.orbit = orbit;
    this.ranges = new LinkedHashMap<>(ranges);
    this.predictionSamples = 1;
    this.network = Objects.requireNonNull(network, "network");
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The variational model; null for a network classifier (see {@link #network()}). */
  public VariationalModel model() {
    return model;
  }

  /** The network classifier, or null for a GP. */
  public NetworkClassifier network() {
    return network;
  }

  public Module module() {
    return network != null ? network.module() : (Module) model;
  }

  /** Whether the model learns a transformation (and so has ranges to report). */
  public boolean invariant() {
    return orbit != null;
  }

  public SampledOrbit orbit() {
    return orbit;
  }

  /** The current learned ranges (angle in degrees, the others in their own units). */
  public Map<String, Double> ranges() {
    Map<String, Double> out = new LinkedHashMap<>();
    ranges.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /**
   * The ELBO on {@code train}, with the orbit drawing from each evaluation's noise stream
   * ({@link OrbitNoise#objective}).
   */
  public Objective objective(Dataset train) {
    if (network != null) {
      networkTrain = train;
      return network.objective(train);
    }
    Elbo elbo = new Elbo(model, train);
    return orbit == null ? elbo : OrbitNoise.objective(elbo);
  }

  /**
   * The bound per data point on all of {@code data}, (sum_n E_q log p(y_n | f_n) - KL) / N,
   * computed in chunks with the noise of {@code rng} (no minibatch noise; the orbit and deep-GP
   * samples remain).
   */
  public double boundPerPoint(Dataset data, RandomStream rng) {
    if (network != null) return network.objectivePerPoint(data, rng);
    double ell = 0;
    for (int[] range : chunks(data.size())) {
      Dataset part = data.subset(indices(range));
      useNoise(rng.child(range[0]));
      ell += model.expectedLogLikelihood(part.x(), part.y(), rng.child(range[0]).child("model")).scalar();
    }
    return (ell - model.priorKL().scalar()) / data.size();
  }

  /** Class probabilities (N x C) and log p(y_n | x_n, data) (N x 1) for test data. */
  public Predictions predict(Dataset test, RandomStream rng) {
    if (network != null) {
      if (networkTrain == null) throw new IllegalStateException(name + ": predict needs objective(train) first");
      NetworkClassifier.Scores s = network.predict(networkTrain, test, rng);
      return new Predictions(s.scores(), s.logDensity());
    }
    List<Matrix> probs = new java.util.ArrayList<>();
    List<Matrix> logs = new java.util.ArrayList<>();
    for (int[] range : chunks(test.size())) {
      Dataset part = test.subset(indices(range));
      RandomStream r = rng.child(range[0]);
      if (model instanceof SVGP svgp) {
        useNoise(r);
        // One evaluation of the marginals (one set of orbit draws) serves both predictions.
        Marginals f = svgp.predictF(part.x());
        probs.add(svgp.likelihood().predictMeanAndVar(f.mean(), f.variance(), r.child("y")).mean().value());
        logs.add(svgp.likelihood().predictLogDensity(f.mean(), f.variance(), part.y(), r.child("y")).value());
      } else {
        DeepGP dgp = (DeepGP) model;
        probs.add(dgp.predictY(part.x(), predictionSamples, r.child("y")).mean().value());
        logs.add(dgp.predictLogDensity(part.x(), part.y(), predictionSamples, r.child("y")));
      }
    }
    return new Predictions(concatRows(probs), concatRows(logs));
  }

  /** Test predictions: class probabilities and per-point log densities. */
  public record Predictions(Matrix probabilities, Matrix logDensity) {
    /** The fraction of points whose most probable class is not the label. */
    public double error(Matrix labels) {
      int wrong = 0;
      int c = probabilities.cols();
      for (int i = 0; i < probabilities.rows(); i++) {
        int best = 0;
        for (int k = 1; k < c; k++) {
          if (probabilities.get(i, k) > probabilities.get(i, best)) best = k;
        }
        if (best != (int) labels.get(i, 0)) wrong++;
      }
      return (double) wrong / probabilities.rows();
    }

    /** The mean log predictive density. */
    public double meanLogDensity() {
      double s = 0;
      for (int i = 0; i < logDensity.rows(); i++) s += logDensity.get(i, 0);
      return s / logDensity.rows();
    }
  }

  private void useNoise(RandomStream rng) {
    if (orbit != null) {
      OrbitNoise.bind(module(), rng);
    }
  }

  private static List<int[]> chunks(int n) {
    List<int[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i += CHUNK) out.add(new int[] {i, Math.min(n, i + CHUNK)});
    return out;
  }

  private static int[] indices(int[] range) {
    int[] idx = new int[range[1] - range[0]];
    for (int i = 0; i < idx.length; i++) idx[i] = range[0] + i;
    return idx;
  }

  private static Matrix concatRows(List<Matrix> parts) {
    int rows = 0;
    for (Matrix p : parts) rows += p.rows();
    Matrix out = new Matrix(rows, parts.get(0).cols());
    int off = 0;
    for (Matrix p : parts) {
      System.arraycopy(p.data(), 0, out.data(), off, p.size());
      off += p.size();
    }
    return out;
  }
}
