package bms.examples;

import bms.core.matrix.Matrix;
import bms.examples.data.CsvTable;
import bms.examples.data.DataRoot;
import bms.examples.data.Digits;
import bms.examples.data.Mnist;
import bms.examples.data.ShippedFile;
import bms.examples.data.UciDataset;
import bms.examples.report.RunSummary;
import bms.examples.report.SummaryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code bms data}: lists, inspects and verifies the data shipped in the repository's data/. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = {"Lists the shipped data sets (rows, columns, target statistics), inspects one"
        + " column by column, or verifies every file's size and SHA-256 against data/README.md.",
        "Writes summary.json only when --out is given."},
    footer = {"", "Examples:", "  bms data", "  bms data naval", "  bms data mnist-train",
        "  bms data --verify"})
final class DataCommand implements java.util.concurrent.Callable<Integer> {
  static final String MNIST_TRAIN = "mnist-train";
  static final String MNIST_TEST = "mnist-test";

  @ParentCommand
  BmsCommand parent;

  @Mixin
  CommonOptions common;

  @Parameters(arity = "0..1", paramLabel = "NAME",
      description = "A data set to inspect: one of the UCI sets (boston, concrete, energy, kin8nm,"
          + " naval, power, protein, wine-red, yacht), mnist-train or mnist-test.")
  String name;

  @Option(names = "--verify", description = "Check the size and SHA-256 of every shipped file.")
  boolean verify;

  /** Summary statistics of one column. */
  record ColumnStats(String name, double mean, double std, double min, double max) {
    boolean constant() {
      return min == max;
    }
  }

  @Override
  public Integer call() throws IOException {
    Instant started = Instant.now();
    PrintStream out = parent.out();
    DataRoot root = common.dataRoot();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("dataFolder", root.dir().toString());
    int exit = 0;
    if (verify) {
      exit = verifyAll(root, out, results);
    } else if (name == null) {
      list(root, out, results);
    } else if (name.equals(MNIST_TRAIN) || name.equals(MNIST_TEST)) {
      inspectDigits(root, name.equals(MNIST_TRAIN) ? Mnist.Split.TRAIN : Mnist.Split.TEST, out, results);
    } else {
      UciDataset d;
      try {
        d = UciDataset.byId(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ", " + MNIST_TRAIN + ", " + MNIST_TEST, e);
      }
      inspectTable(root, d, out, results);
    }
    if (common.outGiven()) {
      List<String> args = new ArrayList<>();
      if (name != null) {
        args.add(name);
      }
      if (verify) {
        args.add("--verify");
      }
      double wall = ChronoUnit.MICROS.between(started, Instant.now()) / 1e6;
      RunSummary s = new RunSummary(RunSummary.FORMAT, "data", args, common.seed(),
          started.truncatedTo(ChronoUnit.SECONDS).toString(), wall,
          RunSummary.currentEnvironment(), results);
      out.println("summary: " + SummaryJson.writeInto(common.outDir("data"), s));
    }
    return exit;
  }

  private int verifyAll(DataRoot root, PrintStream out, Map<String, Object> results) {
    Map<String, String> status = new LinkedHashMap<>();
    int failed = 0;
    for (ShippedFile f : ShippedFile.values()) {
      String s;
      try {
        f.verify(root);
        s = "ok";
      } catch (IOException | IllegalArgumentException e) {
        s = "FAILED: " + e.getMessage();
        failed++;
      }
      status.put(f.relativePath(), s);
      out.printf(Locale.ROOT, "%-36s %s%n", f.relativePath(), s);
    }
    out.printf(Locale.ROOT, "%d of %d files match data/README.md%n",
        ShippedFile.values().length - failed, ShippedFile.values().length);
    results.put("verified", status);
    return failed == 0 ? 0 : BmsCommand.EXIT_FAILURE;
  }

  private void list(DataRoot root, PrintStream out, Map<String, Object> results) throws IOException {
    out.printf(Locale.ROOT, "data folder: %s%n%n", root.dir());
    out.printf(Locale.ROOT, "%-12s %-14s %6s %6s  %-22s %10s %10s %10s %10s%n",
        "name", "task", "rows", "inputs", "target", "mean", "std", "min", "max");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (UciDataset d : UciDataset.values()) {
      CsvTable t = d.table(root);
      ColumnStats s = stats(t.values(), t.cols() - 1, d.target());
      out.printf(Locale.ROOT, "%-12s %-14s %6d %6d  %-22s %10.4g %10.4g %10.4g %10.4g%n",
          d.id(), "regression", t.rows(), t.cols() - 1, d.target(), s.mean(), s.std(), s.min(), s.max());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", d.id());
      row.put("file", d.file().relativePath());
      row.put("rows", t.rows());
      row.put("inputs", t.cols() - 1);
      row.put("target", s);
      rows.add(row);
    }
    for (Mnist.Split split : Mnist.Split.values()) {
      Digits dg = Mnist.load(root, split);
      String id = split == Mnist.Split.TRAIN ? MNIST_TRAIN : MNIST_TEST;
      out.printf(Locale.ROOT, "%-12s %-14s %6d %6d  %-22s classes 0..9, %dx%d pixels%n",
          id, "classification", dg.count(), dg.imageSize(), "label", dg.rows(), dg.cols());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", id);
      row.put("file", split.imagesFile().relativePath());
      row.put("rows", dg.count());
      row.put("inputs", dg.imageSize());
      row.put("classCounts", dg.classCounts());
      rows.add(row);
    }
    results.put("datasets", rows);
  }

  private void inspectTable(DataRoot root, UciDataset d, PrintStream out, Map<String, Object> results)
      throws IOException {
    CsvTable t = d.table(root);
    out.printf(Locale.ROOT, "%s: %s, %d rows, %d inputs, target '%s' (last column)%n%n",
        d.id(), d.file().path(root), t.rows(), t.cols() - 1, d.target());
    out.printf(Locale.ROOT, "%-4s %-24s %12s %12s %12s %12s%n", "col", "name", "mean", "std", "min", "max");
    List<ColumnStats> cols = new ArrayList<>();
    for (int j = 0; j < t.cols(); j++) {
      ColumnStats s = stats(t.values(), j, t.header().get(j));
      cols.add(s);
      out.printf(Locale.ROOT, "%-4d %-24s %12.6g %12.6g %12.6g %12.6g%s%n", j + 1, s.name(), s.mean(),
          s.std(), s.min(), s.max(), s.constant() ? "  constant" : j == t.cols() - 1 ? "  target" : "");
    }
    results.put("dataset", d.id());
    results.put("rows", t.rows());
    results.put("columns", cols);
  }

  private void inspectDigits(DataRoot root, Mnist.Split split, PrintStream out, Map<String, Object> results)
      throws IOException {
    Digits dg = Mnist.load(root, split);
    long ink = 0;
    for (byte b : dg.pixels()) {
      ink += b & 0xFF;
    }
    double meanPixel = ink / (double) dg.pixels().length / 255.0;
    int[] first = Arrays.copyOf(dg.labels(), Math.min(10, dg.count()));
    out.printf(Locale.ROOT, "%s: %s, %d images of %dx%d pixels%n", split == Mnist.Split.TRAIN
        ? MNIST_TRAIN : MNIST_TEST, split.imagesFile().path(root), dg.count(), dg.rows(), dg.cols());
    out.printf(Locale.ROOT, "mean pixel (scaled to [0,1]): %.4f%n", meanPixel);
    out.printf(Locale.ROOT, "first labels: %s%n", Arrays.toString(first));
    out.printf(Locale.ROOT, "class counts: %s%n", Arrays.toString(dg.classCounts()));
    results.put("dataset", split == Mnist.Split.TRAIN ? MNIST_TRAIN : MNIST_TEST);
    results.put("rows", dg.count());
    results.put("meanPixel", meanPixel);
    results.put("firstLabels", first);
    results.put("classCounts", dg.classCounts());
  }

  /** Mean, population standard deviation, min and max of column j. */
  static ColumnStats stats(Matrix m, int j, String name) {
    int n = m.rows();
    int c = m.cols();
    double[] d = m.data();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double v = d[i * c + j];
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min == max) {
      return new ColumnStats(name, min, 0.0, min, max); // exact, without rounding noise
    }
    double mean = sum / n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double e = d[i * c + j] - mean;
      ss += e * e;
    }
    return new ColumnStats(name, mean, Math.sqrt(ss / n), min, max);
  }
}
