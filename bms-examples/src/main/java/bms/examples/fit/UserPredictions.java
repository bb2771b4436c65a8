package bms.examples.fit;

import bms.core.io.AtomicFiles;
import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;
import bms.examples.data.Standardizer;
import bms.examples.uci.RegressionModel;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions of a model for rows of inputs in original units: for regression the predictive
 * mean and variance of the target in original units (mean' s_y + m_y, variance' s_y^2); for
 * classification the probability of every class and the most probable label.
 *
 * <p>Monte Carlo noise (deep GPs' samples) comes from the model's seed, chunk by chunk, so the
 * same model gives the same numbers for the same rows whether it was just trained or loaded
 * from its file.
 *
 * @param columns the output columns' names
 * @param values one row per input row, one column per name in {@code columns}
 * @param predictedLabels the most probable label per row (classification), else null
 */
public record UserPredictions(List<String> columns, Matrix values, String[] predictedLabels) {
  /** Rows per prediction call (bounds memory: a deep GP holds S samples of each). */
  static final int CHUNK = 1000;

  /** Predicts {@code x} (original units, columns in the model's feature order). */
  public static UserPredictions of(RegressionModel model, SavedModel saved, Matrix x) {
    if (x.cols() != saved.features().size()) {
      throw new IllegalArgumentException("the model has " + saved.features().size() + " inputs, got "
          + x.shapeString());
    }
    Standardizer s = saved.standardizer();
    Matrix xs = s.transformX(x);
    RandomStream rng = new RandomStream(saved.seed()).child("predict");
    int n = x.rows();
    boolean classify = saved.likelihood().classification();
    int c = classify ? saved.classes() : 2;
    double[] out = new double[n * c];
    for (int lo = 0; lo < n; lo += CHUNK) {
      int hi = Math.min(n, lo + CHUNK);
      int[] idx = new int[hi - lo];
      for (int i = 0; i < idx.length; i++) idx[i] = lo + i;
      RegressionModel.Prediction p = model.predict(bms.dgp.data.Dataset.rows(xs, idx), rng.child(lo));
      for (int i = 0; i < idx.length; i++) {
        double[] row = new double[c];
        if (!classify) {
          row[0] = p.mean().get(i, 0) * s.yScale()[0] + s.yMean()[0];
          row[1] = p.variance().get(i, 0) * s.yScale()[0] * s.yScale()[0];
        } else if (p.mean().cols() == 1) { // Bernoulli: the probability of class 1
          row[1] = p.mean().get(i, 0);
          row[0] = 1 - row[1];
        } else {
          for (int k = 0; k < c; k++) row[k] = p.mean().get(i, k);
        }
        System.arraycopy(row, 0, out, (lo + i) * c, c);
      }
    }
    Matrix values = Matrix.wrap(n, c, out);
    List<String> columns = new ArrayList<>();
    String[] predicted = null;
    if (!classify) {
      columns.add("mean");
      columns.add("variance");
    } else {
      for (String label : saved.labels()) columns.add("p_" + label);
      predicted = new String[n];
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int k = 1; k < c; k++) {
          if (values.get(i, k) > values.get(i, best)) best = k;
        }
        predicted[i] = saved.labels().get(best);
      }
    }
    return new UserPredictions(columns, values, predicted);
  }

  /**
   * Writes the predictions as CSV, atomically: a header, then per row the input's line number,
   * the predicted label (classification) and the values, which read back as the same doubles.
   */
  public void write(Path file, int[] inputLines) throws IOException {
    if (inputLines.length != values.rows()) {
      throw new IllegalArgumentException(inputLines.length + " line numbers for " + values.rows() + " rows");
    }
    List<String> header = new ArrayList<>();
    header.add("line");
    if (predictedLabels != null) header.add("label");
    header.addAll(columns);
    CsvMapper mapper = new CsvMapper();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SequenceWriter w = mapper.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(bytes)) {
      w.write(header.toArray(new String[0]));
      for (int i = 0; i < values.rows(); i++) {
        String[] row = new String[header.size()];
        int k = 0;
        row[k++] = Integer.toString(inputLines[i]);
        if (predictedLabels != null) row[k++] = predictedLabels[i];
        for (int j = 0; j < values.cols(); j++) row[k++] = Double.toString(values.get(i, j));
        w.write(row);
      }
    }
    AtomicFiles.writeBytes(file, bytes.toByteArray());
  }
}
