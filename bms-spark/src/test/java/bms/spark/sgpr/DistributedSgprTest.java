package bms.spark.sgpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.Lbfgs;
import bms.core.optim.ParameterVector;
import bms.dgp.data.Dataset;
import bms.dgp.models.SGPR;
import bms.dgp.objectives.FullBatch;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.spark.ModuleFactory;
import bms.spark.SparkTestSession;
import bms.spark.TestData;
import bms.spark.data.Blocks;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class DistributedSgprTest {
  private static final int M = 12;

  private static ModuleFactory<SgprModel> factory(double[] z, int d) {
    return () -> new SgprModel(new SquaredExponential(1.3, Matrix.row(d == 2 ? new double[] {0.8, 1.4} : new double[] {1.0})),
        new InducingPoints(Matrix.wrap(M, d, z.clone())), 0.07);
  }

  private static SGPR single(Dataset data, double[] z) {
    int d = data.inputDim();
    return new SGPR(data, new SquaredExponential(1.3, Matrix.row(d == 2 ? new double[] {0.8, 1.4} : new double[] {1.0})),
        new InducingPoints(Matrix.wrap(M, d, z.clone())), 0.07);
  }

  @Test
  void boundAndGradientEqualSingleMachineSgprOnFivePartitions() {
    JavaSparkContext sc = SparkTestSession.context();
    for (int p : new int[] {1, 2}) {
      Dataset data = TestData.regression(300, 2, p, 11 + p);
      double[] z = TestData.firstRows(data.x(), M);
      SGPR reference = single(data, z);
      Var bound = reference.elbo();
      double[] expected = ParameterVector.trainable(reference).gradient(Gradients.of(bound));

      // Five partitions of blocks of at most 23 rows: several blocks per partition, a ragged last one.
      DistributedSgpr dist = new DistributedSgpr(Blocks.of(sc, data, 5, 23).cache(), factory(z, 2));
      assertEquals(ParameterVector.trainable(reference).paths(), ParameterVector.trainable(dist.model()).paths());
      DistributedSgpr.Evaluation e = dist.evaluate();
      assertEquals(300, e.statistics().n());
      assertEquals(bound.scalar(), e.value(), 1e-9 * Math.abs(bound.scalar()), "bound with P=" + p);
      double rel = TestData.relativeError(expected, e.gradient());
      assertTrue(rel < 1e-9, "gradient relative error " + rel + " with P=" + p);
      // Every parameter group really gets a gradient (kernel, Z, noise).
      for (double g : e.gradient()) assertTrue(Double.isFinite(g));
    }
  }

  @Test
  void lbfgsFollowsSingleMachineTraining() {
    JavaSparkContext sc = SparkTestSession.context();
    Dataset data = TestData.regression(240, 1, 1, 5);
    double[] z = TestData.firstRows(data.x(), M);
    SGPR reference = single(data, z);
    new Trainer(FullBatch.collapsedBound(reference), new RandomStream(0)).lbfgs(new Lbfgs().maxIterations(8));

    DistributedSgpr dist = new DistributedSgpr(Blocks.of(sc, data, 4, 64).cache(), factory(z, 1));
    dist.fit(new Lbfgs().maxIterations(8));
    double expected = reference.elbo().scalar();
    double got = dist.evaluate().value();
    assertEquals(expected, got, 1e-7 * Math.abs(expected));
    double[] a = ParameterVector.trainable(reference).values();
    double[] b = ParameterVector.trainable(dist.model()).values();
    assertTrue(TestData.relativeError(a, b) < 1e-6, "parameters differ by " + TestData.relativeError(a, b));
  }
}
