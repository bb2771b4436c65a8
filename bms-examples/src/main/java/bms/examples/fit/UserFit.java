package bms.examples.fit;

import bms.core.checkpoint.Checkpoints;
import bms.core.matrix.Matrix;
import bms.examples.data.Standardizer;
import bms.examples.uci.FitSettings;
import bms.examples.uci.ModelSpec;
import bms.examples.uci.RegressionFit;
import bms.examples.uci.RegressionModel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a model on a user's data as {@code bms uci} trains on a shipped set: inputs (and, for
 * regression, the target) standardised with the data's moments, the model built and trained by
 * {@link RegressionFit} with the same settings and seeded streams, and the result captured as a
 * {@link SavedModel}.
 */
public final class UserFit {
  private UserFit() {}

  /** A trained model, what saves it, and how training went. */
  public record Fitted(RegressionModel model, SavedModel saved, RegressionFit.Trained trained, FitSettings settings) {}

  /**
   * The settings for {@code n} rows: M lowered to N where the data have fewer rows than
   * inducing points (told to {@code notes}); gpr has none.
   */
  public static FitSettings forRows(ModelSpec spec, FitSettings s, int n, Consumer<String> notes) {
    if (spec.family() == ModelSpec.Family.GPR || s.numInducing() <= n) {
      return s;
    }
    notes.accept(n + " rows are fewer than the " + s.numInducing() + " inducing points asked for (--inducing);"
        + " using M = " + n);
    return new FitSettings(n, s.batchSize(), s.steps(), s.learningRate(), s.trainSamples(), s.testSamples(),
        s.noiseVariance(), s.maxHiddenWidth(), s.kmeansMaxPoints());
  }

  /** Standardises, trains and captures; {@code listener} hears the progress. */
  public static Fitted fit(UserData data, ModelSpec spec, FitSettings requested, long seed,
      RegressionFit.Listener listener, Consumer<String> notes) throws IOException {
    FitSettings settings = forRows(spec, requested, data.size(), notes);
    boolean classify = data.likelihood().classification();
    // Class numbers are not standardised: fitting on a zero target gives y' = y (mean 0, scale 1).
    Standardizer s = Standardizer.fit(new bms.examples.data.NamedDataset("user data", data.x(),
        classify ? new Matrix(data.size(), 1) : data.y()));
    bms.dgp.data.Dataset train = new bms.dgp.data.Dataset(s.transformX(data.x()),
        classify ? data.y() : s.transformY(data.y()));
    RegressionFit runner = new RegressionFit(spec, settings, seed).likelihood(data.likelihood(), data.classes())
        .listener(listener, 10);
    RegressionFit.Trained t = runner.train(train);
    Map<String, Matrix> params = new LinkedHashMap<>();
    t.model().module().parameters().forEach((path, p) -> params.put(path, p.unconstrained()));
    SavedModel saved = new SavedModel(spec.id(), data.likelihood(), data.features(), data.target(), data.labels(),
        settings, seed, s, spec.stochastic() ? null : train, Checkpoints.structureOf(t.model().module()), params);
    return new Fitted(t.model(), saved, t, settings);
  }
}
