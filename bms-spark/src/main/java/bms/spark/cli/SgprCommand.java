package bms.spark.cli;

import bms.core.matrix.Matrix;
import bms.core.optim.Lbfgs;
import bms.core.optim.LbfgsResult;
import bms.core.param.Parameter;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.spark.ModuleFactory;
import bms.spark.data.ColumnInput;
import bms.spark.data.DataBlock;
import bms.spark.data.SyntheticRegression;
import bms.spark.sgpr.DistributedSgpr;
import bms.spark.sgpr.SgprModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bms-spark sgpr}: collapsed SGPR with an RBF (ARD) kernel on a file or a synthetic set. */
@Command(name = "sgpr", mixinStandardHelpOptions = true,
    description = {"Collapsed SGPR (Titsias' bound) on Spark, trained by L-BFGS on the driver.",
        "Data: --input FILE --x COLS --y COLS, or --synthetic ROWS generated inside the partitions.",
        "  spark-submit --class bms.spark.cli.BmsSpark bms-spark.jar sgpr --input data.parquet --format parquet --x a,b --y target",
        "  ... sgpr --master local[2] --synthetic 1000000 --dims 2 --partitions 8 --inducing 100 --iterations 20"})
final class SgprCommand implements Callable<Integer> {
  @Option(names = "--master", description = "Spark master, e.g. local[2]; spark-submit's when left out.")
  String master;

  @Option(names = "--input", description = "A CSV (with a header row) or Parquet file or folder.")
  String input;

  @Option(names = "--format", defaultValue = "csv", description = "csv or parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--x", split = ",", description = "Input column names.")
  List<String> xColumns = new ArrayList<>();

  @Option(names = "--y", split = ",", description = "Target column names (they share kernel and noise).")
  List<String> yColumns = new ArrayList<>();

  @Option(names = "--synthetic", description = "Generate this many rows inside the partitions instead of reading.")
  long synthetic;

  @Option(names = "--dims", defaultValue = "2", description = "Inputs of the synthetic set (default: ${DEFAULT-VALUE}).")
  int dims;

  @Option(names = "--cache", description = "Keep the synthetic rows in executor memory (default: regenerate them each pass).")
  boolean cache;

  @Option(names = "--partitions", defaultValue = "0", description = "Partitions (synthetic; files are repartitioned when given).")
  int partitions;

  @Option(names = "--block-rows", defaultValue = "4096", description = "Rows per block (default: ${DEFAULT-VALUE}).")
  int blockRows;

  @Option(names = "--inducing", defaultValue = "100", description = "Inducing points M (default: ${DEFAULT-VALUE}).")
  int inducing;

  @Option(names = "--iterations", defaultValue = "50", description = "L-BFGS iterations (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--evaluations", defaultValue = "0",
      description = "Benchmark: time this many evaluations of bound and gradient at the start, no training.")
  int evaluations;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic data and of Z (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Write a JSON summary here.")
  Path out;

  @Override
  public Integer call() throws IOException {
    return SparkJobs.run("bms-spark sgpr", master, this::run);
  }

  private int run(SparkSession spark, JavaSparkContext sc) throws IOException {
    SparkJobs.requireAtLeast("--synthetic", synthetic, 0);
    SparkJobs.requireAtLeast("--dims", dims, 1);
    SparkJobs.requireAtLeast("--partitions", partitions, 0);
    SparkJobs.requireAtLeast("--block-rows", blockRows, 1);
    SparkJobs.requireAtLeast("--inducing", inducing, 1);
    SparkJobs.requireAtLeast("--iterations", iterations, 0);
    SparkJobs.requireAtLeast("--evaluations", evaluations, 0);
    long t0 = System.nanoTime();
    JavaRDD<DataBlock> data;
    int d;
    if (synthetic > 0) {
      d = dims;
      int p = partitions > 0 ? partitions : sc.defaultParallelism();
      data = SyntheticRegression.generate(sc, synthetic, d, p, blockRows, 0.1, seed);
      if (cache) data = data.persist(StorageLevel.MEMORY_ONLY());
    } else {
      if (input == null) throw new IllegalArgumentException("give --input FILE (with --x and --y) or --synthetic ROWS");
      d = xColumns.size();
      data = ColumnInput.read(spark, input, format, xColumns, yColumns, blockRows);
      if (partitions > 0) data = data.repartition(partitions).persist(StorageLevel.MEMORY_ONLY());
    }
    double[] z = SparkJobs.inducingInputs(data, inducing, d, synthetic > 0, seed);
    double loadSeconds = (System.nanoTime() - t0) * 1e-9;
    int m = inducing;
    int dd = d;
    ModuleFactory<SgprModel> factory = () -> new SgprModel(new SquaredExponential(1.0, Matrix.ones(1, dd)),
        new InducingPoints(Matrix.wrap(m, dd, z.clone())), 0.1);
    DistributedSgpr sgpr = new DistributedSgpr(data, factory);
    HeapPeak.reset();
    List<Double> seconds = new ArrayList<>();
    String status;
    double bound;
    long n;
    if (evaluations > 0) {
      DistributedSgpr.Evaluation e = null;
      for (int i = 0; i < evaluations; i++) {
        long s = System.nanoTime();
        e = sgpr.evaluate();
        seconds.add((System.nanoTime() - s) * 1e-9);
        System.out.printf(Locale.ROOT, "evaluation %d: bound/N %.6f in %.2f s%n", i + 1, e.value() / e.statistics().n(),
            seconds.get(i));
      }
      bound = e.value();
      n = e.statistics().n();
      status = evaluations + " evaluations";
    } else {
      long s = System.nanoTime();
      LbfgsResult r = sgpr.fit(new Lbfgs().maxIterations(iterations));
      double total = (System.nanoTime() - s) * 1e-9;
      seconds.add(total / Math.max(1, r.iterations()));
      DistributedSgpr.Evaluation e = sgpr.evaluate();
      bound = e.value();
      n = e.statistics().n();
      status = "L-BFGS " + r.reason() + " after " + r.iterations() + " iterations, " + r.evaluations() + " evaluations, "
          + String.format(Locale.ROOT, "%.1f s", total);
    }
    double peak = HeapPeak.mebibytes();
    double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted[sorted.length / 2];
    System.out.printf(Locale.ROOT, "N=%d D=%d M=%d partitions=%d: %s; bound/N %.6f; %s %.3f s; peak heap %.0f MiB%n",
        n, d, m, data.getNumPartitions(), status, bound / n,
        evaluations > 0 ? "median per evaluation" : "per iteration", median, peak);
    for (Map.Entry<String, Parameter> e : sgpr.model().parameters().entrySet()) {
      if (e.getValue().size() <= 4) System.out.println("  " + e.getKey() + " = " + Arrays.toString(e.getValue().value().data()));
    }
    if (out != null) {
      String json = String.format(Locale.ROOT, "{\"command\":\"sgpr\",\"rows\":%d,\"dims\":%d,\"inducing\":%d,"
              + "\"partitions\":%d,\"blockRows\":%d,\"cached\":%b,\"status\":\"%s\",\"boundPerPoint\":%.9g,"
              + "\"medianSeconds\":%.4f,\"seconds\":%s,\"loadSeconds\":%.3f,\"peakHeapMiB\":%.1f}%n",
          n, d, m, data.getNumPartitions(), blockRows, cache, status, bound / n, median, seconds, loadSeconds, peak);
      Files.writeString(out, json);
    }
    return 0;
  }
}
