package bms.spark.cli;

import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.ParameterVector;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.models.SVGP;
import bms.kernels.SquaredExponential;
import bms.kernels.inducing.InducingPoints;
import bms.spark.ModuleFactory;
import bms.spark.data.ColumnInput;
import bms.spark.data.DataBlock;
import bms.spark.data.SyntheticRegression;
import bms.spark.train.DataParallelTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bms-spark svgp}: data-parallel minibatch Adam for an SVGP regression, with checkpoints and --resume. */
@Command(name = "svgp", mixinStandardHelpOptions = true,
    description = {"SVGP regression trained by data-parallel minibatch Adam on Spark (the single-machine Trainer's",
        "batches for the seed). Checkpoints are written by the driver; --resume continues a killed job exactly.",
        "  ... svgp --master local[2] --synthetic 100000 --partitions 4 --batch 256 --steps 500 --checkpoint-dir ckpt"})
final class SvgpCommand implements Callable<Integer> {
  @Option(names = "--master", description = "Spark master, e.g. local[2]; spark-submit's when left out.")
  String master;

  @Option(names = "--input", description = "A CSV (with a header row) or Parquet file or folder.")
  String input;

  @Option(names = "--format", defaultValue = "csv", description = "csv or parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--x", split = ",", description = "Input column names.")
  List<String> xColumns = new ArrayList<>();

  @Option(names = "--y", description = "The target column name.")
  String yColumn;

  @Option(names = "--synthetic", description = "Generate this many rows inside the partitions instead of reading.")
  int synthetic;

  @Option(names = "--dims", defaultValue = "2", description = "Inputs of the synthetic set (default: ${DEFAULT-VALUE}).")
  int dims;

  @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the synthetic set.")
  int partitions;

  @Option(names = "--inducing", defaultValue = "50", description = "Inducing points M (default: ${DEFAULT-VALUE}).")
  int inducing;

  @Option(names = "--batch", defaultValue = "256", description = "Minibatch size, 0 for the full batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", defaultValue = "500", description = "Adam steps in all, counting resumed ones (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of batches, Z and synthetic data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--checkpoint-dir", description = "Write checkpoints here (the last 3 are kept).")
  Path checkpointDir;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint-dir.")
  boolean resume;

  @Option(names = "--out", description = "Write a JSON summary here.")
  Path out;

  @Override
  public Integer call() throws IOException {
    return SparkJobs.run("bms-spark svgp", master, this::run);
  }

  private int run(SparkSession spark, JavaSparkContext sc) throws IOException {
    SparkJobs.requireAtLeast("--synthetic", synthetic, 0);
    SparkJobs.requireAtLeast("--dims", dims, 1);
    SparkJobs.requireAtLeast("--partitions", partitions, 0);
    SparkJobs.requireAtLeast("--inducing", inducing, 1);
    SparkJobs.requireAtLeast("--batch", batch, 0);
    SparkJobs.requireAtLeast("--steps", steps, 0);
    SparkJobs.requireAtLeast("--checkpoint-every", checkpointEvery, 1);
    if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
    if (resume && checkpointDir == null) throw new IllegalArgumentException("--resume needs --checkpoint-dir");
    JavaRDD<DataBlock> data;
    int d;
    if (synthetic > 0) {
      d = dims;
      int p = partitions > 0 ? partitions : sc.defaultParallelism();
      data = SyntheticRegression.generate(sc, synthetic, d, p, 4096, 0.1, seed).persist(StorageLevel.MEMORY_ONLY());
    } else {
      if (input == null || yColumn == null) throw new IllegalArgumentException("give --input FILE --x COLS --y COL, or --synthetic ROWS");
      d = xColumns.size();
      data = ColumnInput.read(spark, input, format, xColumns, List.of(yColumn), 4096);
    }
    long n = data.map(DataBlock::rows).reduce(Integer::sum);
    double[] z = SparkJobs.inducingInputs(data, inducing, d, synthetic > 0, seed);
    int m = inducing;
    ModuleFactory<SVGP> factory = () -> new SVGP(new SquaredExponential(1.0, Matrix.ones(1, d)), new Gaussian(0.1),
        new InducingPoints(Matrix.wrap(m, d, z.clone())), 1);
    DataParallelTrainer<SVGP> trainer = new DataParallelTrainer<>(data, (int) n, factory, seed).batchSize(batch);
    if (checkpointDir != null) trainer.checkpointTo(new CheckpointManager(checkpointDir, 3), checkpointEvery);
    Adam adam = new Adam(trainer.model()).learningRate(lr);
    long from = 0;
    if (resume) {
      OptionalLong r = trainer.resume(adam);
      from = r.orElse(0);
      System.out.println(r.isPresent() ? "resumed at step " + from : "no checkpoint in " + checkpointDir + "; starting afresh");
    }
    long t0 = System.nanoTime();
    List<Double> trace = trainer.adam(adam, Math.max(0, steps - from));
    double seconds = (System.nanoTime() - t0) * 1e-9;
    double last = trace.isEmpty() ? Double.NaN : trace.get(trace.size() - 1);
    // A fingerprint of the trained parameters: equal runs print equal fingerprints.
    long fingerprint = java.util.Arrays.hashCode(ParameterVector.trainable(trainer.model()).values());
    System.out.printf(Locale.ROOT, "N=%d M=%d batch=%d partitions=%d: steps %d..%d in %.1f s (%.3f s/step); last"
            + " minibatch bound/N %.6f; parameters fingerprint %08x%n", n, m, batch, data.getNumPartitions(), from,
        adam.stepCount(), seconds, trace.isEmpty() ? 0 : seconds / trace.size(), last / n, fingerprint);
    if (out != null) {
      Files.writeString(out, String.format(Locale.ROOT, "{\"command\":\"svgp\",\"rows\":%d,\"inducing\":%d,\"batch\":%d,"
              + "\"resumedFromStep\":%d,\"steps\":%d,\"seconds\":%.3f,\"lastBoundPerPoint\":%.9g,\"fingerprint\":\"%08x\"}%n",
          n, m, batch, from, adam.stepCount(), seconds, last / n, fingerprint));
    }
    return 0;
  }
}
