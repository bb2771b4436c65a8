package bms.examples.fit;

import bms.examples.BmsCommand;
import bms.examples.data.UserCsv;
import bms.examples.data.UserTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code bms predict}: predictions of a model saved by {@code bms fit} for the rows of a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Predicts with a model saved by bms fit, for every row of a CSV file whose header names"
        + " the model's input columns (in any order; other columns are ignored).",
        "Writes a CSV: the input line, then the predictive mean and variance of the target in original"
        + " units, or for classification the most probable label and each label's probability."},
    footer = {"", "Example:", "  bms predict --model runs/houses/model.bin --csv new-houses.csv --out predictions.csv"})
public final class PredictCommand implements Callable<Integer> {
  @ParentCommand
  BmsCommand parent;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.bin written by bms fit.")
  Path model;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The inputs: CSV with a header row.")
  Path csv;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the predictions (CSV).")
  Path out;

  @Option(names = "--drop-missing", description = "Leave out rows with an empty, NaN or NA cell in the model's inputs.")
  boolean dropMissing;

  @Override
  public Integer call() throws IOException {
    ModelFile.LoadedModel loaded = ModelFile.load(model);
    SavedModel saved = loaded.saved();
    UserTable table = UserCsv.read(csv);
    List<String> features = saved.features();
    int[] cols = new int[features.size()];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = table.column(features.get(j), "an input of the model " + model);
    }
    int[] rows = table.complete(cols, dropMissing);
    UserPredictions p = UserPredictions.of(loaded.model(), saved, table.numbers(cols, rows));
    int[] lines = new int[rows.length];
    for (int i = 0; i < rows.length; i++) lines[i] = table.line(rows[i]);
    p.write(out, lines);
    PrintStream o = parent.out();
    o.println(saved.model() + " (" + saved.likelihood().id() + ", target '" + saved.target() + "'): "
        + rows.length + " predictions" + (rows.length < table.size() ? " (" + (table.size() - rows.length)
        + " rows with missing cells left out)" : "") + " written to " + out);
    return 0;
  }
}
