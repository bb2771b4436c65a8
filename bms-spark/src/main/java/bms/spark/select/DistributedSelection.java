package bms.spark.select;

import bms.dgp.data.Dataset;
import bms.dgp.selection.Candidate;
import bms.dgp.selection.Criterion;
import bms.dgp.selection.Fit;
import bms.dgp.selection.Fold;
import bms.dgp.selection.ModelSelection;
import bms.dgp.selection.PrequentialCriterion;
import bms.dgp.selection.SelectionData;
import bms.dgp.selection.SelectionResult;
import bms.spark.data.PlainDataset;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@link ModelSelection} with its fits run as Spark tasks: one task per (candidate, fold), the
 * main fits (fold 0) and, when a criterion fits again (cross-validation), one per fold. The
 * data are broadcast once as plain arrays. When the fits are back, the unchanged
 * {@link ModelSelection} runs on the driver with fitters that hand out the executors' results,
 * so scores, rankings, agreements and failures are those of a local run ({@code bms select})
 * with the same candidates, criteria and seed.
 *
 * <p>Costs differ: the fits' seconds are spent on executors, in parallel, so the result's
 * {@code cost(...).seconds()} holds only the driver's share; the fits' own wall times are in
 * {@link Outcome#fitSeconds}. Criteria that need the trained model itself (prequential) are
 * refused: the model stays on its executor.
 */
public final class DistributedSelection {
  private final List<SparkCandidate> candidates;
  private final List<Criterion> criteria;

  public DistributedSelection(List<SparkCandidate> candidates, List<Criterion> criteria) {
    for (Criterion c : criteria) {
      if (c instanceof PrequentialCriterion) {
        throw new IllegalArgumentException("criterion '" + c.id() + "' needs the trained model on the driver; the"
            + " distributed selection supports bound, heldout, cv, exact and speed");
      }
    }
    this.candidates = List.copyOf(candidates);
    this.criteria = List.copyOf(criteria);
  }

  /** The selection's result and the wall seconds of each fit, by "candidate" or "candidate fold k". */
  public record Outcome(SelectionResult result, Map<String, Double> fitSeconds) {}

  /** The data as arrays, shipped once to each executor. */
  private record Arrays(PlainDataset train, PlainDataset test, List<PlainDataset[]> folds) implements Serializable {}

  public Outcome run(JavaSparkContext sc, SelectionData<Dataset> data) throws IOException {
    boolean refits = false;
    for (Criterion c : criteria) refits |= c.extraFits(data) > 0;
    List<FitTask> tasks = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      tasks.add(new FitTask(i, 0));
      for (int k = 1; refits && k <= data.folds().size(); k++) tasks.add(new FitTask(i, k));
    }
    List<PlainDataset[]> folds = new ArrayList<>();
    for (Fold<Dataset> f : data.folds()) folds.add(new PlainDataset[] {PlainDataset.of(f.train()), PlainDataset.of(f.heldOut())});
    Broadcast<Arrays> arrays = sc.broadcast(new Arrays(PlainDataset.of(data.train()), PlainDataset.of(data.test()), folds));
    List<SparkCandidate> cands = candidates;
    List<FitOutcome> outcomes;
    try {
      // One task per fit: the fits are the unit of work, and Spark balances them over the executors.
      outcomes = sc.parallelize(tasks, tasks.size()).map(t -> fit(cands.get(t.candidate()), t, arrays.value())).collect();
    } finally {
      arrays.destroy();
    }
    Map<String, FitOutcome> byKey = new HashMap<>();
    Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    for (FitOutcome o : outcomes) {
      String name = candidates.get(o.task().candidate()).name();
      byKey.put(name + "#" + o.task().fold(), o);
      seconds.put(o.task().fold() == 0 ? name : name + " fold " + o.task().fold(), o.seconds());
    }
    List<Candidate<Dataset>> replay = new ArrayList<>();
    for (SparkCandidate c : candidates) {
      replay.add(new Candidate<>(c.name(), req -> {
        FitOutcome o = byKey.get(c.name() + "#" + req.fold());
        if (o == null) throw new IllegalStateException("no distributed fit for " + c.name() + " fold " + req.fold());
        if (o.error() != null) throw new RuntimeException(o.error());
        return o.fit();
      }));
    }
    return new Outcome(new ModelSelection<>(replay, criteria).run(data), seconds);
  }

  private static FitOutcome fit(SparkCandidate c, FitTask t, Arrays a) {
    Dataset train = t.fold() == 0 ? a.train().toDataset() : a.folds().get(t.fold() - 1)[0].toDataset();
    Dataset test = t.fold() == 0 ? a.test().toDataset() : a.folds().get(t.fold() - 1)[1].toDataset();
    String label = t.fold() == 0 ? c.name() : c.name() + " fold " + t.fold();
    long t0 = System.nanoTime();
    try {
      Fit f = c.fitter().fit(new bms.dgp.selection.FitRequest<>(train, test, label, t.fold()));
      return new FitOutcome(t, FitNumbers.of(f), null, (System.nanoTime() - t0) * 1e-9);
    } catch (RuntimeException e) {
      String msg = e.getMessage();
      return new FitOutcome(t, null, msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg,
          (System.nanoTime() - t0) * 1e-9);
    } catch (IOException e) {
      throw new UncheckedIOException("fit " + label + " failed", e);
    }
  }
}
