package bms.dgp.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.Lbfgs;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.evidence.BayesianLinearModel;
import bms.dgp.evidence.GradientDescent;
import bms.dgp.evidence.Orders;
import bms.dgp.evidence.Prequential;
import bms.dgp.evidence.PrequentialEvidence;
import bms.dgp.evidence.RandomFourierFeatures;
import bms.dgp.evidence.SampleThenOptimise;
import bms.dgp.evidence.TrainingSpeed;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.GPR;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.FullBatch;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The code shown in README.md, compiled and run, so that the README stays true. */
class ReadmeExampleTest {

  private static Dataset data(int n) {
    Random rng = new Random(3);
    Matrix x = Matrix.uniform(n, 3, -1, 1, rng);
    Matrix y = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      y.data()[i] = Math.sin(3 * x.get(i, 0)) + 0.5 * x.get(i, 1) * x.get(i, 1) + 0.1 * rng.nextGaussian();
    }
    return new Dataset(x, y);
  }

  @Test
  void exactAndSparseExamplesRunAndImproveTheirObjectives() {
    Matrix x = data(200).x();
    Matrix y = data(200).y();
    // --- README: exact GP ---
    GPR gpr = new GPR(new Dataset(x, y), new SquaredExponential(1.0, Matrix.row(1, 1, 1)), 0.1);
    double before = gpr.logMarginalLikelihood().scalar();
    new Trainer(FullBatch.marginalLikelihood(gpr), new RandomStream(0)).lbfgs(new Lbfgs().maxIterations(50));
    String summary = gpr.summary();
    // --- README: sparse variational GP ---
    SVGP svgp = new SVGP(new Matern52(1.0, Matrix.row(1, 1, 1)), new Gaussian(0.05),
        new InducingPoints(KMeansInit.centres(x, 20, new RandomStream(1))), 1);
    Adam adam = new Adam(svgp).learningRate(0.01);
    new Trainer(new Elbo(svgp, new Dataset(x, y)), new RandomStream(42)).batchSize(100).adam(adam, 50);

    assertTrue(gpr.logMarginalLikelihood().scalar() > before, "L-BFGS did not improve the marginal likelihood");
    assertTrue(summary.contains("lengthscales"), summary);
  }

  @Test
  void autodiffExampleGivesTheKnownGradient() {
    RandomCases rc = new RandomCases(5);
    Matrix kernelMatrix = rc.spd(6);
    Matrix yv = rc.matrix(6, 1);
    // --- README: autodiff ---
    Var k = Var.variable(kernelMatrix);
    Var l = k.cholesky();
    Var alpha = l.solveTriangular(Var.constant(yv), true, false);
    Var nll = alpha.square().sum().mulScalar(0.5).add(l.logDetFromCholesky().mulScalar(0.5));
    Matrix dK = Gradients.of(nll).get(k);
    // d/dK [0.5 y^T K^-1 y + 0.5 log|K|] = 0.5 (K^-1 - K^-1 y y^T K^-1); check K dK K = 0.5 (K - y y^T).
    Matrix lhs = bms.core.linalg.Linalg.matmul(bms.core.linalg.Linalg.matmul(kernelMatrix, dK), kernelMatrix);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        double expected = 0.5 * (kernelMatrix.get(i, j) - yv.get(i, 0) * yv.get(j, 0));
        assertTrue(Math.abs(lhs.get(i, j) - expected) < 1e-4 * (1 + Math.abs(expected)),
            "entry " + i + "," + j + ": " + lhs.get(i, j) + " vs " + expected);
      }
    }
  }

  @Test
  void evidenceExamplesRunAndKeepTheirOrder() {
    Matrix x = data(60).x();
    Matrix y = data(60).y();
    int n = 60, d = 3;
    GPR gpr = new GPR(new Dataset(x, y), new SquaredExponential(1.0, Matrix.row(1, 1, 1)), 0.1);
    // --- README: evidence beyond the bound ---
    PrequentialEvidence e = Prequential.gpr(gpr, Orders.random(n, new RandomStream(7)));
    assertTrue(Math.abs(e.total() - gpr.logMarginalLikelihood().scalar()) < 1e-9);
    Matrix phi = RandomFourierFeatures.of(new SquaredExponential(1.0, 1.0), d, 100, new RandomStream(1)).features(x);
    BayesianLinearModel blr = new BayesianLinearModel(phi, y, 1.0, 0.1);
    Matrix samples = SampleThenOptimise.posteriorSamples(blr, 1000, new RandomStream(2), GradientDescent.defaults());
    assertTrue(samples.rows() == 100 && samples.cols() == 1000);
    TrainingSpeed.Estimate t = TrainingSpeed.linearModel(blr, Orders.random(n, new RandomStream(3)), 32,
        new RandomStream(4), GradientDescent.defaults());
    assertTrue(Math.abs(t.estimate() - t.lowerBound()) < 5 * t.standardError(), "estimate vs bound");
    assertTrue(t.lowerBound() <= t.logEvidence());
  }
}
