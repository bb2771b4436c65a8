package bms.examples.multioutput;

import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.LearningRateSchedule;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Moments;
import bms.dgp.models.GPLayer;
import bms.dgp.multioutput.MultiOutputSVGP;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.examples.data.CsvTable;
import bms.examples.data.DataRoot;
import bms.examples.data.NamedDataset;
import bms.examples.data.Splits;
import bms.examples.data.TrainTestSplit;
import bms.examples.data.UciDataset;
import bms.examples.uci.StandardisedSplit;
import bms.kernels.Kernel;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A two-target regression set made from the shipped combined-cycle power plant data
 * (data/uci/power.csv): inputs ambient temperature AT, pressure AP and humidity RH; targets the
 * exhaust vacuum V and the electrical output PE, which both follow the temperature. On it, a
 * worked example of multi-output SVGP: independent outputs (a kernel and inducing points per
 * output) against the linear model of coregionalisation (two latent GPs with shared inducing
 * points, mixed by a learned 2 x 2 W), both trained by the natural-gradient hybrid.
 *
 * <p>{@code java -cp bms-examples/target/bms.jar bms.examples.multioutput.TwoTargetPower
 * [points, default 2000] [steps, default 400] [seed, default 0]}
 */
public final class TwoTargetPower {
  public static final List<String> INPUTS = List.of("AT", "AP", "RH");
  public static final List<String> TARGETS = List.of("V", "PE");
  static final int M = 30;

  private TwoTargetPower() {}

  /** The two-target data set, all 9568 rows, in original units. */
  public static NamedDataset load(DataRoot root) throws IOException {
    CsvTable t = UciDataset.POWER.table(root);
    int n = t.rows();
    Matrix x = new Matrix(n, INPUTS.size());
    Matrix y = new Matrix(n, TARGETS.size());
    for (int j = 0; j < INPUTS.size(); j++) {
      int c = t.columnIndex(INPUTS.get(j));
      for (int i = 0; i < n; i++) x.set(i, j, t.values().get(i, c));
    }
    for (int j = 0; j < TARGETS.size(); j++) {
      int c = t.columnIndex(TARGETS.get(j));
      for (int i = 0; i < n; i++) y.set(i, j, t.values().get(i, c));
    }
    return new NamedDataset("power-two-targets", x, y);
  }

  /** One fitted model's numbers: the training bound, test RMSE and test mean log density per target. */
  public record Fit(String model, double bound, double[] rmse, double[] meanLogDensity) {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
    run(System.out, load(DataRoot.locate()), n, steps, seed);
  }

  /** Fits both models on a random {@code n}-point subset (80% train, 20% test) and prints the table. */
  public static List<Fit> run(PrintStream out, NamedDataset all, int n, int steps, long seed) {
    if (n < 10 || n > all.size()) {
      throw new IllegalArgumentException("points must be in [10, " + all.size() + "], got " + n);
    }
    NamedDataset subset = all.subset(all.name(), Splits.sampleWithoutReplacement(all.size(), n, new java.util.Random(seed)));
    TrainTestSplit split = Splits.trainTest(subset, 0.8, seed);
    StandardisedSplit s = StandardisedSplit.of(split);
    Matrix z = KMeansInit.centres(s.train().x(), Math.min(M, s.trainSize()), new RandomStream(seed).child("kmeans"));
    List<Fit> fits = new ArrayList<>();
    // Independent outputs: one kernel and one set of inducing points per target.
    List<GPLayer> independent = MultiOutputSVGP.latents(kernels(2), List.of(new InducingPoints(z.copy()),
        new InducingPoints(z.copy())));
    fits.add(fit("independent", new MultiOutputSVGP(independent, null, new Gaussian(0.1)), s, steps, seed));
    // LMC: two latent GPs sharing inducing points, mixed by W (started near the identity).
    List<GPLayer> latents = MultiOutputSVGP.latents(kernels(2), List.of(new InducingPoints(z.copy())));
    Matrix w = Matrix.of(new double[][] {{1.0, 0.1}, {0.1, 1.0}});
    fits.add(fit("lmc", new MultiOutputSVGP(latents, w, new Gaussian(0.1)), s, steps, seed));
    out.printf(Locale.ROOT, "power, two targets (V, PE) from (AT, AP, RH): %d train, %d test points, M=%d, %d hybrid"
        + " steps%n", s.trainSize(), s.testSize(), M, steps);
    out.printf(Locale.ROOT, "%-12s %12s %10s %10s %10s %10s%n", "model", "bound/N", "RMSE V", "RMSE PE", "MLPD V",
        "MLPD PE");
    for (Fit f : fits) {
      out.printf(Locale.ROOT, "%-12s %12.4f %10.3f %10.3f %10.3f %10.3f%n", f.model(), f.bound() / s.trainSize(),
          f.rmse()[0], f.rmse()[1], f.meanLogDensity()[0], f.meanLogDensity()[1]);
    }
    return fits;
  }

  private static List<Kernel> kernels(int count) {
    List<Kernel> ks = new ArrayList<>();
    for (int i = 0; i < count; i++) ks.add(new SquaredExponential(1.0, Matrix.filled(1, INPUTS.size(), 1.0)));
    return ks;
  }

  private static Fit fit(String name, MultiOutputSVGP model, StandardisedSplit s, int steps, long seed) {
    Elbo elbo = new Elbo(model, s.train());
    NaturalGradient ng = NaturalGradient.forModel(model).schedule(LearningRateSchedule.logLinearRamp(1e-2, 0.2, 20));
    new Trainer(elbo, new RandomStream(seed)).hybrid(ng, new Adam(ng.otherParameters(model)).learningRate(0.01),
        steps);
    double bound = elbo.evaluate(null, new RandomStream(seed)).scalar();
    Moments m = model.predictY(s.testX(), null);
    Matrix mean = s.standardizer().inverseY(m.mean().value());
    double[] scale = s.standardizer().yScale();
    int p = TARGETS.size();
    double[] rmse = new double[p];
    double[] mlpd = new double[p];
    for (int i = 0; i < s.testSize(); i++) {
      for (int j = 0; j < p; j++) {
        double r = mean.get(i, j) - s.testYOriginal().get(i, j);
        rmse[j] += r * r;
        double v = m.variance().value().get(i, j);
        double rs = s.testY().get(i, j) - m.mean().value().get(i, j);
        // log density in original units: standardised density minus log of the scale
        mlpd[j] += -0.5 * Math.log(2 * Math.PI * v) - rs * rs / (2 * v) - Math.log(scale[j]);
      }
    }
    for (int j = 0; j < p; j++) {
      rmse[j] = Math.sqrt(rmse[j] / s.testSize());
      mlpd[j] /= s.testSize();
    }
    return new Fit(name, bound, rmse, mlpd);
  }

  /** The results as a map, for summaries. */
  public static Map<String, Object> asMap(List<Fit> fits) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Fit f : fits) out.put(f.model(), Map.of("bound", f.bound(), "rmse", f.rmse(), "mlpd", f.meanLogDensity()));
    return out;
  }
}
