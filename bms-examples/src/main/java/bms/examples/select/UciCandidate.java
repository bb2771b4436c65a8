package bms.examples.select;

import bms.core.param.Module;
import bms.dgp.selection.Candidate;
import bms.dgp.selection.Fit;
import bms.dgp.selection.Fitter;
import bms.examples.CommonOptions;
import bms.examples.data.NamedDataset;
import bms.examples.data.TrainTestSplit;
import bms.examples.report.ProgressBar;
import bms.examples.uci.FitResult;
import bms.examples.uci.FitSettings;
import bms.examples.uci.ModelSpec;
import bms.examples.uci.RegressionFit;
import bms.examples.uci.StandardisedSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * A {@code bms uci} model as a selection candidate: each fit standardises its own training part,
 * trains as {@code bms uci} does ({@link RegressionFit}) and scores the test part in original
 * units.
 */
final class UciCandidate {
  private UciCandidate() {}

  /** A fit's numbers as the selection criteria read them. */
  record UciFit(FitResult result, Module trained, boolean stochastic, boolean exact, int trainSize) implements Fit {
    @Override
    public double boundPerPoint() {
      return result.boundPerPoint();
    }

    @Override
    public double testLogLik() {
      return result.testLogLik();
    }

    /** The per-step minibatch bound estimates per point (Adam runs only; L-BFGS iterates are not a trajectory of training losses). */
    @Override
    public double[] objectiveTrace() {
      if (!stochastic) return new double[0];
      double[] v = result.trace().values();
      for (int i = 0; i < v.length; i++) v[i] /= trainSize;
      return v;
    }

    @Override
    public OptionalDouble exactLogMarginalPerPoint() {
      return exact ? OptionalDouble.of(result.boundPerPoint()) : OptionalDouble.empty();
    }

    @Override
    public Optional<Module> model() {
      return Optional.ofNullable(trained);
    }
  }

  static Candidate<NamedDataset> of(String name, ModelSpec spec, FitSettings settings, long seed, CommonOptions common,
      PrintStream err) {
    Fitter<NamedDataset> fitter = request -> {
      StandardisedSplit data = StandardisedSplit.of(new TrainTestSplit(request.train(), request.test(),
          identity(request.train().size()), identity(request.test().size())));
      return fit(spec, settings, seed, data, request.label(), common, err);
    };
    return new Candidate<>(name, fitter);
  }

  private static UciFit fit(ModelSpec spec, FitSettings settings, long seed, StandardisedSplit data, String label,
      CommonOptions common, PrintStream err) throws IOException {
    RegressionFit runner = new RegressionFit(spec, settings, seed);
    try (ProgressBar bar = common.progress(label, settings.steps(), err)) {
      runner.listener((step, total, bound) -> bar.update(step,
          String.format(Locale.ROOT, "bound/N=%.4f", bound / data.trainSize())), 10);
      FitResult r = runner.run(data);
      return new UciFit(r, runner.trainedModule().orElse(null), spec.stochastic(),
          spec.family() == ModelSpec.Family.GPR, data.trainSize());
    }
  }

  private static int[] identity(int n) {
    return IntStream.range(0, n).toArray();
  }
}
