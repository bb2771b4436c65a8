package bms.dgp.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.evidence.Prequential;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.testing.Problems;
import bms.kernels.Kernel;
import bms.kernels.Matern12;
import bms.kernels.Matern52;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The selection API on conjugate models with fixed hyperparameters (no training, so every number
 * has an independent closed form): the criteria read the right numbers, the prequential score is
 * the exact evidence, rankings follow the scores, costs count the fits, failures rank last.
 */
class ModelSelectionTest {
  static Stream<Long> seeds() {
    return RandomCases.seeds(8);
  }

  /** A fit of a fixed-hyperparameter conjugate model: bound = log p(y) (GPR) or the collapsed bound (SGPR). */
  record ConjugateFit(Module trained, double boundPerPoint, double testLogLik, boolean exact) implements Fit {
    @Override
    public double[] objectiveTrace() {
      return new double[0];
    }

    @Override
    public OptionalDouble exactLogMarginalPerPoint() {
      return exact ? OptionalDouble.of(boundPerPoint) : OptionalDouble.empty();
    }

    @Override
    public Optional<Module> model() {
      return Optional.of(trained);
    }
  }

  static double meanLogDensity(Matrix perPoint) {
    return Arrays.stream(perPoint.data()).average().orElseThrow();
  }

  static Fitter<Dataset> gpr(Function<Integer, Kernel> kernel, double noise) {
    return req -> {
      GPR m = new GPR(req.train(), kernel.apply(req.train().inputDim()), noise);
      return new ConjugateFit(m, m.logMarginalLikelihood().scalar() / req.train().size(),
          meanLogDensity(m.predictLogDensity(req.test().x(), req.test().y())), true);
    };
  }

  static Fitter<Dataset> sgpr(int m, double noise) {
    return req -> {
      Matrix z = Problems.firstRows(req.train().x(), m);
      SGPR s = new SGPR(req.train(), new SquaredExponential(1.0, 1.0), new InducingPoints(z), noise);
      return new ConjugateFit(s, s.elbo().scalar() / req.train().size(),
          meanLogDensity(s.predictLogDensity(req.test().x(), req.test().y())), false);
    };
  }

  /** Train / test / 3 folds of a random regression problem. */
  static SelectionData<Dataset> data(RandomCases rc, int n) {
    Dataset all = Problems.regression(rc, n, rc.dim(1, 2), 1);
    int nTrain = (int) (0.75 * n);
    int[] perm = new bms.dgp.random.RandomStream(rc.seed()).permutation(n);
    Dataset train = all.subset(Arrays.copyOfRange(perm, 0, nTrain));
    Dataset test = all.subset(Arrays.copyOfRange(perm, nTrain, n));
    List<Fold<Dataset>> folds = new ArrayList<>();
    int k = 3;
    for (int f = 0; f < k; f++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < nTrain; i++) (i % k == f ? out : in).add(i);
      folds.add(new Fold<>(train.subset(in.stream().mapToInt(Integer::intValue).toArray()),
          train.subset(out.stream().mapToInt(Integer::intValue).toArray()), out.size()));
    }
    return new SelectionData<>(train, test, nTrain, folds);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void criteriaReadTheirNumbersAndRankByThem(long seed) throws Exception {
    RandomCases rc = new RandomCases(seed);
    SelectionData<Dataset> data = data(rc, rc.dim(24, 40));
    List<Candidate<Dataset>> cands = List.of(
        new Candidate<>("rbf-short", gpr(d -> new SquaredExponential(1.0, 0.3), 0.05)),
        new Candidate<>("rbf-long", gpr(d -> new SquaredExponential(1.0, 1.5), 0.05)),
        new Candidate<>("matern12", gpr(d -> new Matern12(1.0, 1.0), 0.1)),
        new Candidate<>("matern52", gpr(d -> new Matern52(1.0, 1.0), 0.05)),
        new Candidate<>("sgpr-4", sgpr(4, 0.05)));
    List<Criterion> criteria = Criteria.parse(List.of("bound", "heldout", "exact", "prequential", "cv", "speed"),
        seed);
    List<String> done = new ArrayList<>();
    SelectionResult r = new ModelSelection<>(cands, criteria).listener(new ModelSelection.Listener() {
      @Override
      public void candidateDone(CandidateResult c) {
        done.add(c.name());
      }
    }).run(data);
    assertEquals(List.of("rbf-short", "rbf-long", "matern12", "matern52", "sgpr-4"), done);
    for (CandidateResult c : r.candidates()) {
      Module model = c.fit().model().orElseThrow();
      double bound = c.score("bound").value();
      if (model instanceof GPR gpr) {
        assertEquals(gpr.logMarginalLikelihood().scalar() / data.trainSize(), bound, 1e-12);
        assertEquals(bound, c.score("exact").value(), 0.0);
        assertEquals(bound, c.score("prequential").value(), 1e-9 / data.trainSize());
      } else {
        SGPR sgpr = (SGPR) model;
        assertTrue(Double.isNaN(c.score("exact").value()));
        assertTrue(c.score("exact").note().contains("only GPR"), c.score("exact").note());
        // the Nystrom evidence is the collapsed bound plus its trace term
        assertEquals(bound + Prequential.sgprTraceTerm(sgpr) / data.trainSize(), c.score("prequential").value(), 1e-9);
      }
      assertTrue(Double.isNaN(c.score("speed").value()), "no trajectory, no training speed");
      double[] folds = c.score("cv").parts();
      assertEquals(3, folds.length);
      double weighted = 0;
      for (int f = 0; f < 3; f++) weighted += folds[f] * data.folds().get(f).heldOutSize();
      assertEquals(weighted / data.trainSize(), c.score("cv").value(), 1e-12);
    }
    for (String id : List.of("bound", "heldout", "cv", "prequential")) {
      List<String> ranking = r.ranking(id);
      for (int i = 1; i < ranking.size(); i++) {
        assertTrue(score(r, ranking.get(i - 1), id) >= score(r, ranking.get(i), id), id + " ranking out of order");
      }
      assertEquals(ranking.get(0), r.pick(id));
    }
    assertEquals(1.0, r.agreement("bound", "bound").spearman(), 1e-12);
    // criteria that do not apply leave the candidate out of their ranking and agreement
    assertEquals(List.of(), r.ranking("speed"));
    assertNull(r.pick("speed"));
    assertTrue(Double.isNaN(r.agreement("speed", "heldout").kendall()));
    assertEquals(4, r.ranking("exact").size());
    assertTrue(!r.ranking("exact").contains("sgpr-4"));
    assertEquals(1.0, r.agreement("exact", "bound").kendall(), 1e-12, "GPR's bound is its exact log ML");
    // the costs: criteria on the main fit share one fit per candidate; CV does K per candidate
    assertEquals(5, r.cost("bound").fits());
    assertEquals(15, r.cost("cv").fits());
    assertEquals(20, new ModelSelection<>(cands, criteria).totalFits(data));
    assertTrue(r.cost("prequential").seconds() >= r.cost("bound").seconds());
    var map = r.asMap("heldout");
    assertEquals(List.of("bound", "heldout", "exact", "prequential", "cv", "speed"), List.copyOf(map.keySet()));
  }

  private static double score(SelectionResult r, String name, String id) {
    return r.candidates().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().score(id).rankable();
  }

  /** Training speed is the mean per-point objective along the trajectory, -SOTL / T. */
  @Test
  void trainingSpeedReadsTheTrajectory() throws Exception {
    Fitter<Dataset> slow = req -> fixed(-2.0, new double[] {-5, -4, -3, -2});
    Fitter<Dataset> fast = req -> fixed(-2.5, new double[] {-3, -2.6, -2.5, -2.5});
    SelectionData<Dataset> data = data(new RandomCases(1), 20);
    SelectionResult r = new ModelSelection<>(List.of(new Candidate<>("slow", slow), new Candidate<>("fast", fast)),
        Criteria.parse(List.of("bound", "speed"), 1)).run(data);
    assertEquals(-3.5, r.candidates().get(0).score("speed").value(), 1e-15);
    assertEquals(-2.65, r.candidates().get(1).score("speed").value(), 1e-15);
    assertEquals(List.of("slow", "fast"), r.ranking("bound"));
    assertEquals(List.of("fast", "slow"), r.ranking("speed"));
    assertEquals(-1.0, r.agreement("bound", "speed").kendall(), 1e-12);
  }

  private static Fit fixed(double bound, double[] trace) {
    return new Fit() {
      @Override
      public double boundPerPoint() {
        return bound;
      }

      @Override
      public double testLogLik() {
        return bound;
      }

      @Override
      public double[] objectiveTrace() {
        return trace.clone();
      }
    };
  }

  @Test
  void aFailedFitIsReportedAndRanksLast() throws Exception {
    SelectionData<Dataset> data = data(new RandomCases(2), 24);
    Fitter<Dataset> broken = req -> {
      throw new IllegalStateException("Cholesky failed");
    };
    Fitter<Dataset> brokenFolds = req -> {
      if (req.fold() == 2) throw new IllegalStateException("fold 2 diverged");
      return fixed(-1, new double[] {-1});
    };
    List<String> failures = new ArrayList<>();
    SelectionResult r = new ModelSelection<>(List.of(new Candidate<>("broken", broken),
        new Candidate<>("ok", gpr(d -> new SquaredExponential(1.0, 1.0), 0.1)),
        new Candidate<>("folds", brokenFolds)), Criteria.parse(List.of("bound", "heldout", "cv"), 1))
        .listener(new ModelSelection.Listener() {
          @Override
          public void fitFailed(String what, String message) {
            failures.add(what + ": " + message);
          }
        }).run(data);
    assertTrue(failures.contains("broken: Cholesky failed"), failures.toString());
    assertTrue(failures.contains("folds fold 2/3: fold 2 diverged"), failures.toString());
    CandidateResult b = r.candidates().get(0);
    assertNull(b.fit());
    assertEquals("Cholesky failed", b.error());
    assertEquals("broken", r.ranking("bound").get(2));
    assertTrue(Double.isNaN(r.candidates().get(2).score("cv").value()));
    assertEquals("ok", r.pick("cv"));
  }

  @Test
  void badSetupsAreRefusedByName() {
    Fitter<Dataset> f = req -> fixed(0, new double[0]);
    var one = List.of(new Candidate<>("a", f));
    var e = assertThrows(IllegalArgumentException.class, () -> new ModelSelection<>(one, Criteria.parse(List.of("bound"), 1)));
    assertTrue(e.getMessage().contains("at least 2 candidates"), e.getMessage());
    var twice = List.of(new Candidate<>("a", f), new Candidate<>("a", f));
    e = assertThrows(IllegalArgumentException.class, () -> new ModelSelection<>(twice, Criteria.parse(List.of("bound"), 1)));
    assertTrue(e.getMessage().contains("named twice"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Criteria.parse(List.of("bound", "waic"), 1));
    assertTrue(e.getMessage().contains("unknown criterion 'waic'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Criteria.parse(List.of("cv", "CV"), 1));
    assertTrue(e.getMessage().contains("named twice"), e.getMessage());
  }
}
