package bms.examples.select;

import bms.dgp.selection.CandidateResult;
import bms.dgp.selection.CrossValidationCriterion;
import bms.dgp.selection.SelectionResult;
import bms.examples.report.LinePlot;
import bms.examples.uci.BoundTrace;
import bms.examples.uci.ModelSpec;
import bms.examples.uci.UciCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The UCI side of {@code bms select}'s output: each candidate's summary.json entry and bounds.png. */
final class UciReport {
  private UciReport() {}

  /** One entry per candidate: its fit's numbers, CV folds, seconds and every criterion's score. */
  static List<Map<String, Object>> candidates(SelectionResult result, List<ModelSpec> specs) {
    List<Map<String, Object>> candJson = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      CandidateResult c = result.candidates().get(i);
      UciCandidate.UciFit f = (UciCandidate.UciFit) c.fit();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("model", specs.get(i).id());
      if (c.error() != null) {
        m.put("error", c.error());
      }
      m.put("boundPerPoint", f == null ? Double.NaN : f.result().boundPerPoint());
      m.put("testLogLik", f == null ? Double.NaN : f.result().testLogLik());
      m.put("testRmse", f == null ? Double.NaN : f.result().testRmse());
      SelectionSummary.putCrossValidation(m, c, result);
      m.put("fitSeconds", c.fitSeconds());
      if (result.has(CrossValidationCriterion.ID)) {
        m.put("cvSeconds", c.score(CrossValidationCriterion.ID).seconds());
      }
      m.put("scores", SelectionSummary.scores(c, result.criteria()));
      if (f != null) {
        m.put("fit", f.result().asMap());
      }
      candJson.add(m);
    }
    return candJson;
  }

  /** Writes the plot unless no candidate was trained; returns whether it did. */
  static boolean writePlot(Path file, SelectionResult r, int n, String dataset) throws IOException {
    LinePlot plot = new LinePlot("candidates on " + dataset + " (training part)", "step",
        "bound / N, moving average of 100 steps");
    List<String> names = new ArrayList<>();
    List<double[][]> series = new ArrayList<>();
    double floor = Double.POSITIVE_INFINITY;
    for (CandidateResult c : r.candidates()) {
      if (c.fit() == null || ((UciCandidate.UciFit) c.fit()).result().trace().size() == 0) {
        continue;
      }
      BoundTrace t = ((UciCandidate.UciFit) c.fit()).result().trace();
      long[] steps = t.steps();
      double[] x = new double[steps.length];
      double[] y = t.movingAverage(Math.min(100, Math.max(1, t.size() / 10)));
      for (int i = 0; i < x.length; i++) {
        x[i] = steps[i];
        y[i] /= n;
      }
      floor = Math.min(floor, UciCommand.plotFloor(y));
      names.add(c.name());
      series.add(new double[][] {x, y});
    }
    // Leave out the first steps' very low values (as bms uci does) so the end is readable.
    for (int k = 0; k < series.size(); k++) {
      double[] y = series.get(k)[1];
      for (int i = 0; i < y.length; i++) {
        if (y[i] < floor) {
          y[i] = Double.NaN;
        }
      }
      plot.add(names.get(k), series.get(k)[0], y);
    }
    if (plot.seriesCount() == 0) {
      return false;
    }
    plot.write(file, 900, 560);
    return true;
  }

}
