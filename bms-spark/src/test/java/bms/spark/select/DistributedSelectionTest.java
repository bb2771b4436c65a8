package bms.spark.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.optim.Lbfgs;
import bms.dgp.data.Dataset;
import bms.dgp.models.GPR;
import bms.dgp.objectives.FullBatch;
import bms.dgp.random.RandomStream;
import bms.dgp.selection.Candidate;
import bms.dgp.selection.CandidateResult;
import bms.dgp.selection.Criteria;
import bms.dgp.selection.Criterion;
import bms.dgp.selection.Fit;
import bms.dgp.selection.Fold;
import bms.dgp.selection.ModelSelection;
import bms.dgp.selection.SelectionData;
import bms.dgp.selection.SelectionResult;
import bms.dgp.training.Trainer;
import bms.dgp.training.TrainingResult;
import bms.kernels.Kernel;
import bms.kernels.Linear;
import bms.kernels.Matern12;
import bms.kernels.SquaredExponential;
import bms.spark.SparkTestSession;
import bms.spark.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DistributedSelectionTest {
  private static final long SEED = 7;

  /** A GPR fit: ML-II by a few L-BFGS iterations, scored on the test set. */
  record GprFit(double boundPerPoint, double testLogLik, double[] objectiveTrace, double exact) implements Fit {
    @Override
    public OptionalDouble exactLogMarginalPerPoint() {
      return OptionalDouble.of(exact);
    }
  }

  private static Kernel kernel(String kind) {
    return switch (kind) {
      case "rbf" -> new SquaredExponential(1.0, 1.0);
      case "matern12" -> new Matern12(1.0, 1.0);
      case "linear" -> new Linear(1.0);
      default -> throw new IllegalArgumentException("no kernel called " + kind);
    };
  }

  private static Fit fitGpr(String kind, Dataset train, Dataset test) {
    GPR gpr = new GPR(train, kernel(kind), 0.1);
    TrainingResult r = new Trainer(FullBatch.marginalLikelihood(gpr), new RandomStream(SEED)).lbfgs(new Lbfgs().maxIterations(15));
    int n = train.size();
    double[] trace = r.trace().stream().mapToDouble(v -> v / n).toArray();
    Matrix lp = gpr.predictLogDensity(test.x(), test.y());
    double mean = 0;
    for (double v : lp.data()) mean += v / lp.size();
    double lml = gpr.logMarginalLikelihood().scalar() / n;
    return new GprFit(lml, mean, trace, lml);
  }

  private static List<String> kinds() {
    return List.of("rbf", "matern12", "linear", "broken");
  }

  private static SelectionData<Dataset> data() {
    Dataset all = TestData.regression(90, 1, 1, 3);
    Dataset train = all.subset(range(0, 60));
    Dataset test = all.subset(range(60, 90));
    List<Fold<Dataset>> folds = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
      for (int i = 0; i < 60; i++) (i % 3 == k ? out : in).add(i);
      folds.add(new Fold<>(train.subset(in.stream().mapToInt(Integer::intValue).toArray()),
          train.subset(out.stream().mapToInt(Integer::intValue).toArray()), out.size()));
    }
    return new SelectionData<>(train, test, 60, folds);
  }

  private static int[] range(int a, int b) {
    int[] r = new int[b - a];
    for (int i = a; i < b; i++) r[i - a] = i;
    return r;
  }

  @Test
  void givesTheResultOfTheLocalSelection() throws Exception {
    List<Criterion> criteria = Criteria.parse(List.of("bound", "heldout", "cv", "exact", "speed"), SEED);
    SelectionData<Dataset> data = data();
    List<Candidate<Dataset>> local = new ArrayList<>();
    List<SparkCandidate> remote = new ArrayList<>();
    for (String k : kinds()) {
      local.add(new Candidate<>(k, req -> fitGpr(k, req.train(), req.test())));
      remote.add(new SparkCandidate(k, req -> fitGpr(k, req.train(), req.test())));
    }
    SelectionResult expected = new ModelSelection<>(local, criteria).run(data);
    DistributedSelection.Outcome got = new DistributedSelection(remote, criteria).run(SparkTestSession.context(), data);

    for (Criterion c : criteria) {
      assertArrayEquals(expected.scores(c.id()), got.result().scores(c.id()), c.id());
      assertEquals(expected.ranking(c.id()), got.result().ranking(c.id()), c.id());
      assertEquals(expected.cost(c.id()).fits(), got.result().cost(c.id()).fits(), c.id());
    }
    assertEquals(expected.agreement("bound", "cv").kendall(), got.result().agreement("bound", "cv").kendall());
    for (int i = 0; i < kinds().size(); i++) {
      CandidateResult a = expected.candidates().get(i), b = got.result().candidates().get(i);
      assertEquals(a.error(), b.error());
      for (Criterion c : criteria) assertArrayEquals(a.score(c.id()).parts(), b.score(c.id()).parts());
    }
    assertTrue(got.result().candidates().get(3).error().contains("no kernel called broken"));
    // 4 main fits and 4 x 3 fold fits, each a task.
    assertEquals(16, got.fitSeconds().size());
  }

  @Test
  void refusesCriteriaThatNeedTheTrainedModel() {
    var e = assertThrows(IllegalArgumentException.class, () -> new DistributedSelection(
        List.of(new SparkCandidate("a", req -> null), new SparkCandidate("b", req -> null)),
        Criteria.parse(List.of("bound", "prequential"), 1)));
    assertTrue(e.getMessage().contains("prequential"));
  }
}
