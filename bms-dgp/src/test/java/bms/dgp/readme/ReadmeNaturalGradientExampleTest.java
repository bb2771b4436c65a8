package bms.dgp.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.LearningRateSchedule;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.SVGP;
import bms.dgp.natgrad.NaturalGradient;
import bms.dgp.objectives.Elbo;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.Matern52;
import bms.kernels.inducing.InducingPoints;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** README's natural-gradient snippet, compiled and run (smaller: 300 points, 100 steps). */
class ReadmeNaturalGradientExampleTest {
  @Test
  void hybridSnippetRunsAndImprovesTheBound() {
    Random rng = new Random(3);
    Matrix x = Matrix.uniform(300, 3, -1, 1, rng);
    Matrix y = new Matrix(300, 1);
    for (int i = 0; i < 300; i++) y.data()[i] = Math.sin(3 * x.get(i, 0)) + 0.1 * rng.nextGaussian();
    Dataset data = new Dataset(x, y);
    SVGP svgp = new SVGP(new Matern52(1.0, Matrix.row(1, 1, 1)), new Gaussian(0.05),
        new InducingPoints(KMeansInit.centres(x, 20, new RandomStream(1))), 1);
    double before = new Elbo(svgp, data).evaluate(null, new RandomStream(0)).scalar();
    // --- README: natural gradients ---
    NaturalGradient ng = NaturalGradient.forModel(svgp).schedule(LearningRateSchedule.logLinearRamp(1e-3, 0.1, 50));
    new Trainer(new Elbo(svgp, data), new RandomStream(42)).batchSize(100)
        .hybrid(ng, new Adam(ng.otherParameters(svgp)).learningRate(0.01), 100);
    double after = new Elbo(svgp, data).evaluate(null, new RandomStream(0)).scalar();
    assertTrue(after > before + 100, "bound " + before + " -> " + after);
  }
}
